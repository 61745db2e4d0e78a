/* milenage.h — the MILENAGE functions f1, f1*, f2, f3, f4, f5, f5* (TS 35.206).
 *
 * All buffers are the caller's; nothing is allocated. Any output pointer may
 * be NULL when that value is not wanted. K and OPc are never copied beyond
 * the call. Returns 0 or -E_CRYPTO (an OpenSSL failure).
 *
 *   TEMP = E_K(RAND ^ OPc)
 *   OUT1 = E_K(TEMP ^ rot(IN1 ^ OPc, r1) ^ c1) ^ OPc   IN1 = SQN||AMF||SQN||AMF
 *   OUTi = E_K(rot(TEMP ^ OPc, ri) ^ ci) ^ OPc         i = 2..5
 *   f1 = OUT1[0..63]  f1* = OUT1[64..127]  f5 = OUT2[0..47]  f2 = OUT2[64..127]
 *   f3 = OUT3  f4 = OUT4  f5* = OUT5[0..47]
 */
#ifndef NGCORE_CRYPTO_MILENAGE_H
#define NGCORE_CRYPTO_MILENAGE_H

#include <stdint.h>

/* OPc = OP ^ E_K(OP) (TS 35.206 4.1). */
int milenage_opc(const uint8_t k[16], const uint8_t op[16], uint8_t opc[16]);

/* f1 (MAC-A) and f1* (MAC-S) over SQN, AMF and RAND. */
int milenage_f1(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		const uint8_t sqn[6], const uint8_t amf[2], uint8_t mac_a[8], uint8_t mac_s[8]);

/* f2 (RES, 64 bits), f3 (CK), f4 (IK), f5 (AK) and f5* (AK for resynchronisation). */
int milenage_f2345(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		   uint8_t res[8], uint8_t ck[16], uint8_t ik[16], uint8_t ak[6],
		   uint8_t ak_star[6]);

#endif

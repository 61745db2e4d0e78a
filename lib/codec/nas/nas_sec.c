/* nas_sec.c — NAS protect/unprotect over lib/crypto's 128-NEA/NIA (nas_alg.h). */
#include "lib/codec/nas/nas_sec.h"

#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/crypto/nas_alg.h"

#define HDR 7 /* EPD, SHT, MAC (4), SN */

int nas_sec_init(struct nas_sec_ctx *c, enum nas_sec_role role, struct nas_ksi ksi,
		 const uint8_t k_int[16], const uint8_t k_enc[16], uint8_t nia, uint8_t nea)
{
	if (nia > NAS_ALG_3 || nea > NAS_ALG_3 || ksi.ksi > 7 || ksi.tsc > 1 ||
	    (role != NAS_ROLE_NETWORK && role != NAS_ROLE_UE))
		return -E_INVAL;
	memset(c, 0, sizeof(*c));
	c->role = (uint8_t)role;
	c->ksi = ksi;
	c->nia = nia;
	c->nea = nea;
	memcpy(c->k_int, k_int, 16);
	memcpy(c->k_enc, k_enc, 16);
	return 0;
}

void nas_sec_fini(struct nas_sec_ctx *c)
{
	if (c)
		explicit_bzero(c, sizeof(*c));
}

struct nas_sec_ctx *nas_sec_new(enum nas_sec_role role, struct nas_ksi ksi, const uint8_t k_int[16],
				const uint8_t k_enc[16], uint8_t nia, uint8_t nea)
{
	struct nas_sec_ctx *c = malloc(sizeof(*c));
	if (!c)
		return NULL;
	if (nas_sec_init(c, role, ksi, k_int, k_enc, nia, nea) < 0) {
		nas_sec_fini(c);
		free(c);
		return NULL;
	}
	return c;
}

void nas_sec_free(struct nas_sec_ctx *c)
{
	if (!c)
		return;
	nas_sec_fini(c);
	free(c);
}

bool nas_sec_needs_rekey(const struct nas_sec_ctx *c)
{
	return c->ul_count >= NAS_COUNT_REKEY || c->dl_count >= NAS_COUNT_REKEY;
}

static uint32_t *tx_count(struct nas_sec_ctx *c)
{
	return c->role == NAS_ROLE_UE ? &c->ul_count : &c->dl_count;
}

static uint32_t *rx_count(struct nas_sec_ctx *c)
{
	return c->role == NAS_ROLE_UE ? &c->dl_count : &c->ul_count;
}

static uint8_t tx_dir(const struct nas_sec_ctx *c)
{
	return c->role == NAS_ROLE_UE ? NAS_DIR_UL : NAS_DIR_DL;
}

static uint8_t rx_dir(const struct nas_sec_ctx *c)
{
	return c->role == NAS_ROLE_UE ? NAS_DIR_DL : NAS_DIR_UL;
}

static bool ciphered(uint8_t sht)
{
	return sht == NAS_SHT_INTEG_CIPH || sht == NAS_SHT_INTEG_CIPH_NEW;
}

/* Compares two MACs in time independent of where they differ. */
static bool mac_equal(const uint8_t a[4], const uint8_t b[4])
{
	uint8_t d = 0;
	for (int i = 0; i < 4; i++)
		d |= (uint8_t)(a[i] ^ b[i]);
	return d == 0;
}

int nas_protect_inplace(struct nas_sec_ctx *c, uint8_t sht, uint8_t *buf, size_t len)
{
	uint32_t *cnt = tx_count(c);
	uint32_t count = *cnt;
	int rc;

	if (sht < NAS_SHT_INTEG || sht > NAS_SHT_INTEG_CIPH_NEW || len == 0 || len > 65535)
		return -E_INVAL;
	/* TS 24.501 4.4.3.1: the NAS COUNT must not wrap within one context. */
	if (count > NAS_COUNT_MAX)
		return -E_RANGE;
	if (ciphered(sht)) {
		rc = nea_crypt((enum nas_alg)c->nea, c->k_enc, count, c->bearer, tx_dir(c),
			       buf + HDR, len);
		if (rc < 0)
			return rc;
	}
	buf[0] = NAS_EPD_5GMM;
	buf[1] = sht;
	buf[6] = (uint8_t)count; /* SN: the 8 LSBs of NAS COUNT (9.10) */
	/* TS 24.501 4.4.3.3 / TS 33.501 6.4.3: MAC over SN and the (ciphered) message. */
	rc = nia_mac((enum nas_alg)c->nia, c->k_int, count, c->bearer, tx_dir(c), buf + 6, len + 1,
		     buf + 2);
	if (rc < 0)
		return rc;
	*cnt = count + 1;
	return (int)(len + HDR);
}

int nas_protect(struct nas_sec_ctx *c, uint8_t sht, const uint8_t *plain, size_t len, uint8_t *out,
		size_t cap)
{
	if (!plain || !out || len == 0)
		return -E_INVAL;
	if (cap < HDR || len > cap - HDR)
		return -E_NOSPC;
	memmove(out + HDR, plain, len);
	return nas_protect_inplace(c, sht, out, len);
}

int nas_protect_msg(struct nas_sec_ctx *c, uint8_t sht, const struct nas_msg *m, uint8_t *out,
		    size_t cap, struct nas_err *err)
{
	if (cap < HDR)
		return -E_NOSPC;
	if (m->sht != NAS_SHT_PLAIN || m->epd != NAS_EPD_5GMM)
		return -E_INVAL;
	int n = nas_encode(m, out + HDR, cap - HDR, err);
	if (n < 0)
		return n;
	return nas_protect_inplace(c, sht, out, (size_t)n);
}

int nas_unprotect(struct nas_sec_ctx *c, const uint8_t *in, size_t len, uint8_t *out, size_t cap,
		  struct nas_unprot_info *info)
{
	struct nas_unprot_info dummy;
	uint32_t *next = rx_count(c);
	uint8_t mac[4];
	int rc;

	if (!info)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	if (!in || len < 2 || in[0] != NAS_EPD_5GMM)
		return -E_PROTO;
	info->sht = in[1] & 15;
	if (info->sht < NAS_SHT_INTEG || info->sht > NAS_SHT_INTEG_CIPH_NEW)
		return -E_PROTO;
	if (len < HDR + 3)
		return -E_SHORT;
	size_t plen = len - HDR;
	if (!out || plen > cap)
		return -E_NOSPC;

	/* TS 33.501 6.4.3.1 / TS 24.501 4.4.3.1: the receiver keeps the overflow
	 * counter and takes the next one when the SN went backwards. */
	info->sn = in[6];
	uint32_t est = (*next & ~0xFFu) | info->sn;
	if (est < *next)
		est += 0x100;
	info->count = est;
	if (est > NAS_COUNT_MAX)
		return -E_RANGE;

	rc = nia_mac((enum nas_alg)c->nia, c->k_int, est, c->bearer, rx_dir(c), in + 6, plen + 1,
		     mac);
	if (rc < 0)
		return rc;
	/* With NIA0 the MAC carries no information (TS 33.501 D.1: no integrity). */
	info->mac_ok = c->nia == NAS_ALG_0 || mac_equal(mac, in + 2);
	int verdict = 0;
	if (!info->mac_ok) {
		verdict = -E_MAC;
		/* A message whose MAC verifies one overflow period back was already
		 * accepted (or skipped over): a replay. */
		if (est >= 0x100) {
			rc = nia_mac((enum nas_alg)c->nia, c->k_int, est - 0x100, c->bearer,
				     rx_dir(c), in + 6, plen + 1, mac);
			if (rc < 0)
				return rc;
			if (mac_equal(mac, in + 2)) {
				verdict = -E_REPLAY;
				info->count = est - 0x100;
			}
		}
	}

	memmove(out, in + HDR, plen); /* in and out may overlap */
	if (ciphered(info->sht)) {
		rc = nea_crypt((enum nas_alg)c->nea, c->k_enc, info->count, c->bearer, rx_dir(c),
			       out, plen);
		if (rc < 0)
			return rc;
	}
	if (verdict < 0)
		return verdict;
	*next = est + 1;
	return (int)plen;
}

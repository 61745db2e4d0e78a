/* nas_util.c — cause names (tables 9.11.3.2.1 and 9.11.4.2.1) and the
 * identity builders callers use most.
 */
#include <string.h>

#include "lib/core/ids.h"
#include "lib/codec/nas/nas.h"
#include "lib/core/err.h"

struct cause_name {
	uint8_t v; /* cause value */
	const char *name; /* as in the spec's table */
};

static const struct cause_name mm_causes[] = {
	{ 3, "Illegal UE" },
	{ 5, "PEI not accepted" },
	{ 6, "Illegal ME" },
	{ 7, "5GS services not allowed" },
	{ 9, "UE identity cannot be derived by the network" },
	{ 10, "Implicitly de-registered" },
	{ 11, "PLMN not allowed" },
	{ 12, "Tracking area not allowed" },
	{ 13, "Roaming not allowed in this tracking area" },
	{ 15, "No suitable cells in tracking area" },
	{ 20, "MAC failure" },
	{ 21, "Synch failure" },
	{ 22, "Congestion" },
	{ 23, "UE security capabilities mismatch" },
	{ 24, "Security mode rejected, unspecified" },
	{ 26, "Non-5G authentication unacceptable" },
	{ 27, "N1 mode not allowed" },
	{ 28, "Restricted service area" },
	{ 31, "Redirection to EPC required" },
	{ 43, "LADN not available" },
	{ 62, "No network slices available" },
	{ 65, "Maximum number of PDU sessions reached" },
	{ 67, "Insufficient resources for specific slice and DNN" },
	{ 69, "Insufficient resources for specific slice" },
	{ 71, "ngKSI already in use" },
	{ 72, "Non-3GPP access to 5GCN not allowed" },
	{ 73, "Serving network not authorized" },
	{ 74, "Temporarily not authorized for this SNPN" },
	{ 75, "Permanently not authorized for this SNPN" },
	{ 76, "Not authorized for this CAG or authorized for CAG cells only" },
	{ 80, "Disaster roaming for the determined PLMN with disaster condition not allowed" },
	{ 90, "Payload was not forwarded" },
	{ 91, "DNN not supported or not subscribed in the slice" },
	{ 92, "Insufficient user-plane resources for the PDU session" },
	{ 93, "Onboarding services terminated" },
	{ 95, "Semantically incorrect message" },
	{ 96, "Invalid mandatory information" },
	{ 97, "Message type non-existent or not implemented" },
	{ 98, "Message type not compatible with the protocol state" },
	{ 99, "Information element non-existent or not implemented" },
	{ 100, "Conditional IE error" },
	{ 101, "Message not compatible with the protocol state" },
	{ 111, "Protocol error, unspecified" },
};

static const struct cause_name sm_causes[] = {
	{ 8, "Operator determined barring" },
	{ 26, "Insufficient resources" },
	{ 27, "Missing or unknown DNN" },
	{ 28, "Unknown PDU session type" },
	{ 29, "User authentication or authorization failed" },
	{ 31, "Request rejected, unspecified" },
	{ 32, "Service option not supported" },
	{ 33, "Requested service option not subscribed" },
	{ 35, "PTI already in use" },
	{ 36, "Regular deactivation" },
	{ 37, "5GS QoS not accepted" },
	{ 38, "Network failure" },
	{ 39, "Reactivation requested" },
	{ 41, "Semantic error in the TFT operation" },
	{ 42, "Syntactical error in the TFT operation" },
	{ 43, "Invalid PDU session identity" },
	{ 44, "Semantic errors in packet filter(s)" },
	{ 45, "Syntactical error in packet filter(s)" },
	{ 46, "Out of LADN service area" },
	{ 47, "PTI mismatch" },
	{ 50, "PDU session type IPv4 only allowed" },
	{ 51, "PDU session type IPv6 only allowed" },
	{ 54, "PDU session does not exist" },
	{ 57, "PDU session type IPv4v6 only allowed" },
	{ 58, "PDU session type Unstructured only allowed" },
	{ 59, "Unsupported 5QI value" },
	{ 61, "PDU session type Ethernet only allowed" },
	{ 67, "Insufficient resources for specific slice and DNN" },
	{ 68, "Not supported SSC mode" },
	{ 69, "Insufficient resources for specific slice" },
	{ 70, "Missing or unknown DNN in a slice" },
	{ 81, "Invalid PTI value" },
	{ 82, "Maximum data rate per UE for user-plane integrity protection is too low" },
	{ 83, "Semantic error in the QoS operation" },
	{ 84, "Syntactical error in the QoS operation" },
	{ 85, "Invalid mapped EPS bearer identity" },
	{ 86, "UAS services not allowed" },
	{ 95, "Semantically incorrect message" },
	{ 96, "Invalid mandatory information" },
	{ 97, "Message type non-existent or not implemented" },
	{ 98, "Message type not compatible with the protocol state" },
	{ 99, "Information element non-existent or not implemented" },
	{ 100, "Conditional IE error" },
	{ 101, "Message not compatible with the protocol state" },
	{ 111, "Protocol error, unspecified" },
};

const char *nas_cause_name(uint8_t epd, uint8_t cause)
{
	const struct cause_name *t = epd == NAS_EPD_5GSM ? sm_causes : mm_causes;
	size_t n = epd == NAS_EPD_5GSM ? sizeof(sm_causes) / sizeof(sm_causes[0])
				       : sizeof(mm_causes) / sizeof(mm_causes[0]);
	for (size_t i = 0; i < n; i++)
		if (t[i].v == cause)
			return t[i].name;
	return "unknown cause";
}

int nas_encode_status(const struct nas_msg *failed, const struct nas_err *err, uint8_t *buf,
		      size_t cap)
{
	struct nas_msg st;

	if (!err->cause)
		return 0;
	if (err->epd == NAS_EPD_5GSM) {
		nas_msg_init(&st, NAS_5GSM_STATUS);
		st.psi = failed->psi;
		st.pti = failed->pti;
		st.sm_status.cause = err->cause;
	} else {
		nas_msg_init(&st, NAS_5GMM_STATUS);
		st.mm_status.cause = err->cause;
	}
	return nas_encode(&st, buf, cap, NULL);
}

void nas_id_guti(struct nas_mobile_id *id, const struct guami *g, uint32_t tmsi)
{
	memset(id, 0, sizeof(*id));
	id->type = NAS_ID_GUTI;
	id->guti.guami = *g;
	id->guti.tmsi = tmsi;
}

int nas_id_suci_null(struct nas_mobile_id *id, const struct plmn *p, const char *routing,
		     const char *msin)
{
	if (!routing)
		routing = "0";
	if (!str_digits(routing, 1, 4) || !str_digits(msin, 1, 10))
		return -E_INVAL;
	memset(id, 0, sizeof(*id));
	id->type = NAS_ID_SUCI;
	id->suci.supi_fmt = NAS_SUPI_IMSI;
	id->suci.plmn = *p;
	strcpy(id->suci.routing, routing);
	id->suci.scheme = NAS_SCHEME_NULL;
	strcpy(id->suci.msin, msin);
	return 0;
}

/* TS 33.501 C.3.4: scheme output = ephemeral public key || ciphertext || MAC tag (8). */
int nas_suci_ecies(const struct nas_suci *s, struct nas_suci_ecies *out)
{
	size_t klen;

	if (s->supi_fmt != NAS_SUPI_IMSI)
		return -E_INVAL;
	if (s->scheme == NAS_SCHEME_PROFILE_A)
		klen = 32;
	else if (s->scheme == NAS_SCHEME_PROFILE_B)
		klen = 33;
	else
		return -E_INVAL;
	if (!s->out.p || s->out.len < klen + 1 + 8)
		return -E_INVAL;
	out->pub = (struct nas_buf){ s->out.p, (uint16_t)klen };
	out->cipher = (struct nas_buf){ s->out.p + klen, (uint16_t)(s->out.len - klen - 8) };
	out->mac = (struct nas_buf){ s->out.p + s->out.len - 8, 8 };
	return 0;
}

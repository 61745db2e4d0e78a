/* ngap.c — the NGAP entry points over the generated descriptors. */
#include <string.h>
#include <sys/socket.h>

#include "lib/codec/ngap/ngap.h"
#include "lib/core/err.h"

int ngap_decode(struct ngap_pdu *pdu, const uint8_t *buf, size_t len, struct arena *a,
		struct ngap_err *err)
{
	return aper_decode(&ngap_type_NGAP_PDU, pdu, buf, len, a, err);
}

int ngap_encode(const struct ngap_pdu *pdu, uint8_t *buf, size_t cap, struct ngap_err *err)
{
	return aper_encode(&ngap_type_NGAP_PDU, pdu, buf, cap, err);
}

int ngap_decode_type(const struct aper_type *t, void *out, const uint8_t *buf, size_t len,
		     struct arena *a, struct ngap_err *err)
{
	return aper_decode(t, out, buf, len, a, err);
}

int ngap_encode_type(const struct aper_type *t, const void *in, uint8_t *buf, size_t cap,
		     struct ngap_err *err)
{
	return aper_encode(t, in, buf, cap, err);
}

bool ngap_pdu_equal(const struct ngap_pdu *a, const struct ngap_pdu *b)
{
	return aper_equal(&ngap_type_NGAP_PDU, a, b);
}

const struct aper_type *ngap_msg_type(enum ngap_msg m)
{
	if (m <= NGAP_MSG_NONE || m >= NGAP_MSG__COUNT)
		return NULL;
	return ngap_msgs[m].type;
}

const void *ngap_ie_find(const struct ngap_pdu *pdu, uint32_t id)
{
	const struct aper_type *t = pdu ? ngap_msg_type(pdu->msg) : NULL;
	if (!t)
		return NULL;
	return aper_ie_find(t, (const uint8_t *)pdu + ngap_type_NGAP_PDU.u_off, id);
}

const char *ngap_msg_name(enum ngap_msg m)
{
	if (m <= NGAP_MSG_NONE || m >= NGAP_MSG__COUNT)
		return "?";
	return ngap_msgs[m].name;
}

enum ngap_msg ngap_msg_lookup(unsigned dir, unsigned proc)
{
	if (dir < 1 || dir > 3 || proc > 255)
		return NGAP_MSG_NONE;
	return (enum ngap_msg)ngap_type_NGAP_PDU.msg_index[dir - 1][proc];
}

const struct ngap_CriticalityDiagnostics *ngap_crit_diag_build(struct ngap_crit_diag *d,
							       const struct ngap_err *err)
{
	memset(d, 0, sizeof(*d));
	if (err->proc >= 0 && err->dir >= 1 && err->dir <= 3) {
		d->proc = (uint32_t)err->proc;
		d->trig = (enum ngap_TriggeringMessage)(err->dir - 1);
		d->crit = (enum ngap_Criticality)(err->crit <= 2 ? err->crit : 0);
		d->cd.procedureCode = &d->proc;
		d->cd.triggeringMessage = &d->trig;
		d->cd.procedureCriticality = &d->crit;
	}
	for (unsigned i = 0; i < err->n_diag && i < NGAP_DIAG_MAX; i++) {
		const struct ngap_diag *g = &err->diag[i];
		if (g->crit == NGAP_Criticality_ignore || g->crit > 2)
			continue; /* TS 38.413 10.3.4.2: not reported */
		struct ngap_CriticalityDiagnostics_IE_Item *it = &d->items[d->list.n++];
		it->iECriticality = (enum ngap_Criticality)g->crit;
		it->iE_ID = g->id;
		it->typeOfError =
			g->missing ? NGAP_TypeOfError_missing : NGAP_TypeOfError_not_understood;
	}
	if (d->list.n) {
		d->list.v = d->items;
		d->cd.iEsCriticalityDiagnostics = &d->list;
	}
	return &d->cd;
}

void ngap_plmn_set(struct ngap_PLMNIdentity *out, const struct plmn *p)
{
	plmn_to_bytes(p, out->buf);
}

int ngap_plmn_get(struct plmn *p, const struct ngap_PLMNIdentity *in)
{
	return plmn_from_bytes(p, in->buf);
}

void ngap_tai_set(struct ngap_TAI *out, const struct tai *t)
{
	plmn_to_bytes(&t->plmn, out->pLMNIdentity.buf);
	out->tAC.buf[0] = (uint8_t)(t->tac >> 16);
	out->tAC.buf[1] = (uint8_t)(t->tac >> 8);
	out->tAC.buf[2] = (uint8_t)t->tac;
}

int ngap_tai_get(struct tai *t, const struct ngap_TAI *in)
{
	t->tac = (uint32_t)in->tAC.buf[0] << 16 | (uint32_t)in->tAC.buf[1] << 8 | in->tAC.buf[2];
	return plmn_from_bytes(&t->plmn, in->pLMNIdentity.buf);
}

void ngap_snssai_set(struct ngap_S_NSSAI *out, struct ngap_SD *sd_buf, const struct s_nssai *s)
{
	memset(out, 0, sizeof(*out));
	out->sST.buf[0] = s->sst;
	if (s->has_sd) {
		sd_buf->buf[0] = (uint8_t)(s->sd >> 16);
		sd_buf->buf[1] = (uint8_t)(s->sd >> 8);
		sd_buf->buf[2] = (uint8_t)s->sd;
		out->sD = sd_buf;
	}
}

void ngap_snssai_get(struct s_nssai *s, const struct ngap_S_NSSAI *in)
{
	s->sst = in->sST.buf[0];
	s->has_sd = in->sD != NULL;
	s->sd = in->sD ? (uint32_t)in->sD->buf[0] << 16 | (uint32_t)in->sD->buf[1] << 8 |
				 in->sD->buf[2]
		       : 0;
}

/* TS 38.413 9.3.3.3: AMF Region ID 8 bits, AMF Set ID 10 bits, AMF Pointer 6 bits. */
void ngap_guami_set(struct ngap_GUAMI *out, const struct guami *g)
{
	plmn_to_bytes(&g->plmn, out->pLMNIdentity.buf);
	out->aMFRegionID.buf[0] = g->region;
	out->aMFSetID.buf[0] = (uint8_t)(g->set >> 2);
	out->aMFSetID.buf[1] = (uint8_t)((g->set & 3) << 6);
	out->aMFPointer.buf[0] = (uint8_t)((g->pointer & 0x3f) << 2);
}

int ngap_guami_get(struct guami *g, const struct ngap_GUAMI *in)
{
	g->region = in->aMFRegionID.buf[0];
	g->set = (uint16_t)(in->aMFSetID.buf[0] << 2 | in->aMFSetID.buf[1] >> 6);
	g->pointer = in->aMFPointer.buf[0] >> 2;
	return plmn_from_bytes(&g->plmn, in->pLMNIdentity.buf);
}

void ngap_tla_set(struct ngap_bits *out, const struct ip_addr *ip)
{
	out->p = ip->a;
	out->len = ip->family == AF_INET6 ? 128 : ip->family == AF_INET ? 32 : 0;
}

int ngap_tla_get(struct ip_addr *ip, const struct ngap_bits *in)
{
	memset(ip, 0, sizeof(*ip));
	if (in->len == 32) {
		ip->family = AF_INET;
		memcpy(ip->a, in->p, 4);
	} else if (in->len == 128 || in->len == 160) {
		/* 160 bits: IPv4 then IPv6; the IPv6 address is taken. */
		ip->family = AF_INET6;
		memcpy(ip->a, in->p + (in->len == 160 ? 4 : 0), 16);
	} else {
		return -E_INVAL;
	}
	return 0;
}

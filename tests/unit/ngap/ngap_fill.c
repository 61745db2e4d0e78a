/* ngap_fill.c — see ngap_fill.h. */
#include <string.h>

#include "lib/core/err.h"
#include "tests/unit/ngap/ngap_fill.h"

static uint32_t rnd(struct fill *f)
{
	if (f->src && f->src_pos + 2 <= f->src_len) {
		uint32_t v = (uint32_t)f->src[f->src_pos] << 8 | f->src[f->src_pos + 1];
		f->src_pos += 2;
		f->seed ^= v;
	}
	f->seed = f->seed * 1103515245u + 12345u;
	return f->seed >> 8;
}

/* Whether to put in an optional part: always when full, else a coin from
 * the byte source (never without one). */
static bool want(struct fill *f)
{
	if (f->src)
		return f->full || (rnd(f) & 1);
	return f->full;
}

/* A 5GMM STATUS (TS 24.501 8.2.29): EPD 7e, plain, type 0x64, cause #111. */
static const uint8_t nas_status[] = { 0x7e, 0x00, 0x64, 0x6f };
/* A known-good NGSetupRequest (for NGAP-Message). */
static const uint8_t ngap_setup[] = { 0x00, 0x15, 0x00, 0x37, 0x00, 0x00, 0x04, 0x00, 0x1b, 0x00,
				      0x09, 0x00, 0x00, 0xf1, 0x10, 0x50, 0x00, 0x00, 0x00, 0x01,
				      0x00, 0x52, 0x40, 0x0a, 0x03, 0x80, 0x67, 0x6e, 0x62, 0x2d,
				      0x74, 0x65, 0x73, 0x74, 0x00, 0x66, 0x00, 0x10, 0x00, 0x00,
				      0x00, 0x00, 0x01, 0x00, 0x00, 0xf1, 0x10, 0x00, 0x00, 0x10,
				      0x08, 0x01, 0x02, 0x03, 0x00, 0x15, 0x40, 0x01, 0x40 };
/* NGRANTraceID: PLMN 001/01, trace id, session reference. */
static const uint8_t trace_id[] = { 0x00, 0xf1, 0x10, 0x00, 0x00, 0x01, 0x00, 0x01 };
/* ReferenceTime-r16 (TS 38.331) of all zero fields, UPER: 61 bits. */
static const uint8_t ref_time[8];
/* An RRC message (HandoverPreparationInformation, HandoverCommand, ...) whose
 * criticalExtensions take the empty criticalExtensionsFuture: one bit 1. */
static const uint8_t rrc_future[] = { 0x80 };

/* S1AP MDTMode (TS 36.413), APER: immediateMDT, M1 only, periodic. */
static const uint8_t mdt_mode_eutra[] = { 0x02, 0x00 };

/* NRPPa ErrorIndication (TS 38.455), no IEs, transaction 1. */
static const uint8_t nrppa_error[] = { 0x00, 0x00, 0x40, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00 };
/* RRC VisitedCellInfoList-r16 (TS 38.331), UPER: one entry, no cell id, timeSpent 0. */
static const uint8_t visited_cells[] = { 0x00, 0x00, 0x00 };
/* LTE RRC RLF-Report-r9 (TS 36.331), UPER: serving cell RSRP 0 only. */
static const uint8_t lte_rlf[] = { 0x00, 0x00 };
/* CBS page (TS 23.041 9.4.2.2.5): one page of 82 octets and its length. */
static const uint8_t cbs_page[84] = { 0x01, [83] = 82 };

/* Opaque contents Wireshark dissects further: given well-formed values. */
static const struct {
	const struct aper_type *t; /* type */
	const uint8_t *v; /* contents */
	size_t n; /* units (octets, or bits for BIT STRING) */
} fixed[] = {
	{ &ngap_type_NAS_PDU, nas_status, sizeof(nas_status) },
	{ &ngap_type_RerouteNASRequest_NGAP_Message, ngap_setup, sizeof(ngap_setup) },
	{ &ngap_type_NGRANTraceID, trace_id, sizeof(trace_id) },
	{ &ngap_type_BurstArrivalTime, ref_time, sizeof(ref_time) },
	{ &ngap_type_RRCContainer, rrc_future, sizeof(rrc_future) },
	{ &ngap_type_MDTModeEutra, mdt_mode_eutra, sizeof(mdt_mode_eutra) },
	{ &ngap_type_NRPPa_PDU, nrppa_error, sizeof(nrppa_error) },
	{ &ngap_type_UERadioCapability, rrc_future, sizeof(rrc_future) },
	{ &ngap_type_UERadioCapabilityForPagingOfNR, rrc_future, sizeof(rrc_future) },
	{ &ngap_type_UERadioCapabilityForPagingOfEUTRA, rrc_future, sizeof(rrc_future) },
	{ &ngap_type_UERadioCapabilityForPagingOfNB_IoT, rrc_future, sizeof(rrc_future) },
	{ &ngap_type_NRMobilityHistoryReport, visited_cells, sizeof(visited_cells) },
	{ &ngap_type_LTEUERLFReportContainer, lte_rlf, sizeof(lte_rlf) },
	{ &ngap_type_WarningMessageContents, cbs_page, sizeof(cbs_page) },
};

/* Opaque containers that hold an encoded NGAP type (TS 38.413 9.3.1.20 ff.). */
static const struct {
	const struct aper_type *t; /* OCTET STRING type */
	const struct aper_type *as; /* what it carries */
	bool opaque; /* Wireshark 4.0 shows it as bytes only: report no IEs */
} carried[] = {
	{ &ngap_type_SourceToTarget_TransparentContainer,
	  &ngap_type_SourceNGRANNode_ToTargetNGRANNode_TransparentContainer, false },
	{ &ngap_type_TargetToSource_TransparentContainer,
	  &ngap_type_TargetNGRANNode_ToSourceNGRANNode_TransparentContainer, false },
	{ &ngap_type_TargettoSource_Failure_TransparentContainer,
	  &ngap_type_TargetNGRANNode_ToSourceNGRANNode_FailureTransparentContainer, true },
};

/* Choices and enumerations that decide how Wireshark reads containers. */
static const struct {
	const struct aper_type *t; /* CHOICE or ENUMERATED */
	uint32_t v; /* alternative index + 1, or enumeration value */
} pinned[] = {
	{ &ngap_type_HandoverType, NGAP_HandoverType_intra5gs },
	{ &ngap_type_LastVisitedCellInformation, NGAP_LastVisitedCellInformation_PR_nGRANCell },
	{ &ngap_type_UERLFReportContainer, NGAP_UERLFReportContainer_PR_lTE },
};

static bool pin(const struct aper_type *t, uint32_t *v)
{
	for (size_t i = 0; i < sizeof(pinned) / sizeof(pinned[0]); i++)
		if (pinned[i].t == t) {
			*v = pinned[i].v;
			return true;
		}
	return false;
}

static void put_ptr(void *slot, const void *p)
{
	memcpy(slot, &p, sizeof(p));
}

static int fill_int(struct fill *f, const struct aper_type *t, void *out)
{
	uint64_t v, r = rnd(f);

	if (t->ranges) {
		uint32_t i = (uint32_t)(r % t->n);
		uint64_t lo = (uint64_t)t->ranges[i][0], hi = (uint64_t)t->ranges[i][1];
		v = lo + r % (hi - lo + 1);
	} else if ((t->flags & APER_F_LB) && (t->flags & APER_F_UB)) {
		uint64_t range = t->ub - (uint64_t)t->lb + 1;
		v = (uint64_t)t->lb + (range ? r % range : r);
	} else if (t->flags & APER_F_LB) {
		v = (uint64_t)t->lb + r % 100000;
	} else {
		v = r % 100000;
	}
	if (f->src && (t->flags & APER_F_UB) && !t->ranges) {
		uint32_t k = rnd(f) & 0xff;
		if (k == 0xff)
			v = t->ub; /* the bounds */
		else if (k == 0xfe)
			v = (uint64_t)t->lb;
		else if (k == 0xfd && (t->flags & APER_F_EXT) && t->ub < (uint64_t)t->xub &&
			 !(t->flags & APER_F_SIGNED))
			v = t->ub + 1 + rnd(f) % 1000; /* an extension value */
		if (v > t->xub && (t->flags & APER_F_EXT))
			v = t->xub;
	}
	if (t->flags & APER_F_BIG) {
		memcpy(out, &v, 8);
	} else {
		uint32_t x = (uint32_t)v;
		memcpy(out, &x, 4);
	}
	return 0;
}

static int set_string(struct fill *f, const struct aper_type *t, void *out, const uint8_t *src,
		      size_t n)
{
	size_t nbytes = t->kind == APER_BITS ? (n + 7) / 8 : n;
	if (t->flags & APER_F_INLINE) {
		if (nbytes > t->cap)
			return -E_RANGE;
		if (t->flags & APER_F_FIXED) {
			memcpy(out, src, nbytes);
		} else {
			uint32_t l = (uint32_t)n;
			memcpy(out, &l, 4);
			memcpy((uint8_t *)out + t->buf_off, src, nbytes);
		}
		return 0;
	}
	uint8_t *p = arena_dup(f->a, src, nbytes ? nbytes : 1);
	if (!p)
		return -E_NOMEM;
	struct ngap_octets *o = out;
	o->p = p;
	o->len = n;
	return 0;
}

static int fill_string(struct fill *f, const struct aper_type *t, void *out)
{
	uint8_t tmp[512];
	uint64_t lb = (t->flags & APER_F_LB) ? (uint64_t)t->lb : 0, n;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (t == fixed[i].t)
			return set_string(f, t, out, fixed[i].v, fixed[i].n);
	if (t == &ngap_type_TransportLayerAddress) {
		/* An IPv4 address (Wireshark checks for 32, 128 or 160 bits). */
		uint8_t ip[4] = { 10, 0, (uint8_t)(rnd(f) & 0x7f), (uint8_t)(1 + rnd(f) % 200) };
		return set_string(f, t, out, ip, 32);
	}
	if (t == &ngap_type_PLMNIdentity) {
		/* BCD digits (TS 38.413 9.3.3.5), MNC of 2 or 3 digits. */
		uint8_t d[6];
		for (int i = 0; i < 6; i++)
			d[i] = (uint8_t)(rnd(f) % 10);
		uint8_t plmn[3] = { (uint8_t)(d[1] << 4 | d[0]),
				    (uint8_t)((rnd(f) & 1 ? d[5] : 0xf) << 4 | d[2]),
				    (uint8_t)(d[4] << 4 | d[3]) };
		return set_string(f, t, out, plmn, 3);
	}
	const struct aper_type *inner = t->contained;
	bool opaque = false;
	for (size_t i = 0; i < sizeof(carried) / sizeof(carried[0]); i++)
		if (t == carried[i].t) {
			inner = carried[i].as;
			opaque = carried[i].opaque;
		}
	if (inner) {
		uint8_t *val = arena_alloc(f->a, inner->size ? inner->size : 1);
		size_t cap = 1 << 16;
		uint8_t *buf = arena_alloc(f->a, cap);
		if (!val || !buf)
			return -E_NOMEM;
		void (*on_ie)(void *, const struct aper_ie *, const void *, int) = f->on_ie;
		if (opaque)
			f->on_ie = NULL;
		int rc = fill_value(f, inner, val);
		f->on_ie = on_ie;
		if (rc)
			return rc;
		int n2 = aper_encode(inner, val, buf, cap, NULL);
		if (n2 < 0)
			return n2;
		struct ngap_octets *o = out;
		o->p = buf;
		o->len = (size_t)n2;
		return 0;
	}
	if (t->flags & APER_F_UB) {
		uint64_t span = t->ub - lb + 1;
		n = lb;
		if ((f->full || f->src) && span > 1)
			n = lb + rnd(f) % (span < 4 ? span : 4);
		if (f->src && (rnd(f) & 0xff) == 0xff && t->ub < 400)
			n = t->ub; /* the upper bound */
		if (f->src && (t->flags & APER_F_EXT) && (rnd(f) & 0xff) == 0xfe && t->ub < 300)
			n = t->ub + 1; /* an extension size */
	} else {
		n = lb + 1 + rnd(f) % 4;
	}
	size_t nbytes = t->kind == APER_BITS ? (n + 7) / 8 : n;
	if (nbytes > sizeof(tmp))
		return -E_RANGE;
	for (size_t i = 0; i < nbytes; i++) {
		if (t->kind == APER_CHARS)
			tmp[i] = (uint8_t)('a' + rnd(f) % 26);
		else
			tmp[i] = (uint8_t)rnd(f);
	}
	if (t->kind == APER_BITS && (n & 7))
		tmp[nbytes - 1] &= (uint8_t)(0xff << (8 - (n & 7)));
	return set_string(f, t, out, tmp, n);
}

static bool avoided(const struct fill *f, const struct aper_type *t)
{
	for (size_t i = 0; i < f->n_avoid; i++)
		if (f->avoid[i] == t)
			return true;
	return false;
}

/* The S1 mode to N1 mode NAS transparent container (TS 24.501 9.11.2.9) that
 * the NASC IE carries: MAC, algorithms, KSI and NCC, two spare octets. */
static const uint8_t nasc[] = { 0x01, 0x02, 0x03, 0x04, 0x22, 0x10, 0x00, 0x00 };

/* Storage for an optional part, linked from slot. */
static void *alloc_opt(struct fill *f, const struct aper_type *t, void *slot)
{
	void *p = arena_alloc(f->a, t->size ? t->size : 1);
	if (p)
		put_ptr(slot, p);
	return p;
}

static bool iecont_nonempty(const struct aper_type *t, const void *v)
{
	for (uint32_t k = 0; k < t->n; k++) {
		const struct aper_ie *ie = &t->ies[k];
		const void *p = NULL;
		if (ie->flags & APER_M_NOSTORE)
			continue;
		if (!(ie->flags & APER_M_OPT))
			return true;
		memcpy(&p, (const uint8_t *)v + ie->off, sizeof(p));
		if (p)
			return true;
	}
	return false;
}

static int fill_seq(struct fill *f, const struct aper_type *t, void *out)
{
	for (uint32_t i = 0; i < t->n; i++) {
		const struct aper_member *m = &t->members[i];
		void *dst = (uint8_t *)out + m->off;
		if (m->flags & APER_M_NOSTORE)
			continue;
		if (m->flags & APER_M_OPT) {
			if (!want(f) || avoided(f, m->type))
				continue;
			if (!(dst = alloc_opt(f, m->type, dst)))
				return -E_NOMEM;
		}
		int rc = fill_value(f, m->type, dst);
		if (rc)
			return rc;
		/* An extension container must hold at least one IE, else it is absent. */
		if ((m->flags & APER_M_OPT) && m->type->kind == APER_IECONT &&
		    (m->type->flags & APER_F_EXTCONT) && !iecont_nonempty(m->type, dst))
			put_ptr((uint8_t *)out + m->off, NULL);
	}
	return 0;
}

static int fill_seqof(struct fill *f, const struct aper_type *t, void *out)
{
	uint32_t lb = (t->flags & APER_F_LB) ? (uint32_t)t->lb : 0;
	uint32_t n = lb ? lb : (f->full ? 1 : 0);
	if (f->src) {
		/* Fuzzing: up to 4 items, or the upper bound when it is small. */
		uint32_t ub = (t->flags & APER_F_UB) ? (uint32_t)t->ub : lb + 4;
		uint32_t r = rnd(f);
		n = (r & 0xf0) == 0xf0 && ub <= 64 ? ub : lb + r % 4;
		if (n > ub)
			n = ub;
	}
	const struct aper_type *e = t->elem;
	uint8_t *v = NULL;

	if (n) {
		v = arena_alloc(f->a, (size_t)n * e->size);
		if (!v)
			return -E_NOMEM;
	}
	for (uint32_t i = 0; i < n; i++) {
		int rc = fill_value(f, e, v + (size_t)i * e->size);
		if (rc)
			return rc;
	}
	memcpy(out, &n, 4);
	put_ptr((uint8_t *)out + 8, v);
	return 0;
}

static int fill_choice(struct fill *f, const struct aper_type *t, void *out)
{
	uint32_t ok[64], k = 0;

	for (uint32_t i = 0; i < t->n && k < 64; i++) {
		const struct aper_member *m = &t->members[i];
		if ((m->flags & APER_M_NOSTORE) && m->type->kind != APER_NULL)
			continue;
		if (avoided(f, m->type))
			continue;
		if (m->type->kind == APER_IECONT) {
			uint32_t usable = 0;
			for (uint32_t j = 0; j < m->type->n; j++)
				usable += !avoided(f, m->type->ies[j].type);
			if (!usable)
				continue;
		}
		ok[k++] = i;
	}
	if (!k)
		return -E_INVAL;
	uint32_t idx = ok[rnd(f) % k];
	uint32_t sel;
	if (pin(t, &sel))
		idx = sel - 1;
	sel = idx + 1;
	memcpy((uint8_t *)out + t->sel_off, &sel, 4);
	const struct aper_member *m = &t->members[idx];
	if (m->flags & APER_M_NOSTORE)
		return 0;
	return fill_value(f, m->type, (uint8_t *)out + m->off);
}

static int fill_iecont(struct fill *f, const struct aper_type *t, void *out)
{
	bool single = t->flags & APER_F_SINGLE;
	bool any = false;

	for (uint32_t k = 0; k < t->n; k++) {
		const struct aper_ie *ie = &t->ies[k];
		void *dst = (uint8_t *)out + ie->off;
		if (ie->flags & APER_M_NOSTORE)
			continue;
		if (ie->flags & APER_M_OPT) {
			if ((single ? any : !want(f)) || avoided(f, ie->type))
				continue;
			if (!(dst = alloc_opt(f, ie->type, dst)))
				return -E_NOMEM;
		}
		any = true;
		f->depth++;
		int rc = ie->id == NGAP_ID_NASC ? set_string(f, ie->type, dst, nasc, sizeof(nasc))
						: fill_value(f, ie->type, dst);
		f->depth--;
		if (rc)
			return rc;
		if (f->on_ie)
			f->on_ie(f->ctx, ie, dst, f->depth + 1);
	}
	return 0;
}

int fill_value(struct fill *f, const struct aper_type *t, void *out)
{
	switch (t->kind) {
	case APER_INT: return fill_int(f, t, out);
	case APER_ENUM: {
		uint32_t v = rnd(f) % (f->src ? t->n : t->n_root);
		pin(t, &v);
		memcpy(out, &v, 4);
		return 0;
	}
	case APER_BOOL: *(bool *)out = rnd(f) & 1; return 0;
	case APER_NULL: return 0;
	case APER_BITS:
	case APER_OCTETS:
	case APER_CHARS: return fill_string(f, t, out);
	case APER_OPEN: {
		static const uint8_t zero = 0;
		struct ngap_octets *o = out;
		o->p = &zero;
		o->len = 1;
		return 0;
	}
	case APER_SEQ: return fill_seq(f, t, out);
	case APER_SEQOF: return fill_seqof(f, t, out);
	case APER_CHOICE: return fill_choice(f, t, out);
	case APER_IECONT: return fill_iecont(f, t, out);
	}
	return -E_INVAL;
}

int fill_pdu(struct fill *f, struct ngap_pdu *pdu, enum ngap_msg m)
{
	const struct aper_type *t = ngap_msg_type(m);
	if (!t)
		return -E_INVAL;
	memset(pdu, 0, sizeof(*pdu));
	pdu->msg = m;
	pdu->dir = ngap_msgs[m].dir;
	pdu->proc = ngap_msgs[m].proc;
	pdu->crit = ngap_msgs[m].crit;
	f->depth = -1;
	int rc = fill_value(f, t, (uint8_t *)pdu + ngap_type_NGAP_PDU.u_off);
	f->depth = 0;
	return rc;
}

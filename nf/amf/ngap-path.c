/* ngap-path.c — N2 transport: the SCTP endpoint (lib/net, kernel SCTP or
 * usrsctp), association up/down, NGAP PDUs in and out. The only AMF file
 * that touches a socket.
 *
 * Sending: a PDU the association cannot take now (send buffer full) waits in
 * the gNB's queue, in order, until the stack says it is writable again; past
 * 4 MiB queued the PDU is dropped and counted (the gNB is not reading).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "nf/amf/ctx.h"

#define AMF_TXQ_MAX (4u << 20) /* bytes queued per gNB before dropping */

static int txq_push(struct amf_gnb *gnb, uint16_t stream, const uint8_t *buf, size_t len)
{
	if (gnb->txq_bytes + len > AMF_TXQ_MAX)
		return -E_AGAIN;
	struct amf_txq *q = malloc(sizeof(*q) + len);
	if (!q)
		return -E_NOMEM;
	q->next = NULL;
	q->stream = stream;
	q->len = (uint32_t)len;
	memcpy(q->data, buf, len);
	if (gnb->txq_tail)
		gnb->txq_tail->next = q;
	else
		gnb->txq = q;
	gnb->txq_tail = q;
	gnb->txq_bytes += len;
	return 0;
}

static int sctp_tx(struct amf *amf, struct amf_gnb *gnb, uint16_t stream, const uint8_t *buf,
		   size_t len)
{
	if (!amf->sctp)
		return -E_STATE;
	if (stream >= gnb->out_streams)
		stream = 0;
	if (gnb->txq) /* keep order behind what already waits */
		return txq_push(gnb, stream, buf, len);
	int rc = net_sctp_send(amf->sctp, gnb->assoc, stream, NET_SCTP_PPID_NGAP, buf, len);
	if (rc == -E_AGAIN)
		return txq_push(gnb, stream, buf, len);
	return rc;
}

void amf_n2_flush(struct amf *amf, struct amf_gnb *gnb)
{
	while (gnb->txq && amf->sctp) {
		struct amf_txq *q = gnb->txq;
		int rc = net_sctp_send(amf->sctp, gnb->assoc, q->stream, NET_SCTP_PPID_NGAP,
				       q->data, q->len);
		if (rc == -E_AGAIN)
			return;
		if (rc < 0)
			gnb->tx_drops++;
		gnb->txq = q->next;
		if (!gnb->txq)
			gnb->txq_tail = NULL;
		gnb->txq_bytes -= q->len;
		free(q);
	}
}

int amf_ngap_send(struct amf *amf, struct amf_gnb *gnb, uint16_t stream, const struct ngap_pdu *pdu)
{
	uint8_t buf[AMF_NGAP_MAX];
	struct ngap_err err;

	int n = ngap_encode(pdu, buf, sizeof(buf), &err);
	if (n < 0) {
		/* Our own message: a programming or configuration error. */
		LOG(LOG_ERROR, gnb->ctx, "NGAP encode %s: %s (type %s ie %d)",
		    ngap_msg_name(pdu->msg), err_str(n), err.type ? err.type : "?", (int)err.ie);
		return n;
	}
	log_hex(gnb->ctx, ngap_msg_name(pdu->msg), buf, (size_t)n);
	int rc = amf->n2_tx(amf, gnb, stream, buf, (size_t)n);
	if (rc < 0) {
		gnb->tx_drops++;
		LOG_RL(LOG_WARN, gnb->ctx, "%s not sent: %s", ngap_msg_name(pdu->msg), err_str(rc));
	}
	return rc;
}

void amf_n2_on_up(struct amf *amf, struct handle assoc, uint16_t out_streams, const char *addr)
{
	struct amf_gnb *gnb = amf_gnb_by_assoc(amf, assoc);
	if (gnb) /* restart: start over */
		amf_gnb_free(amf, gnb);
	gnb = amf_gnb_new(amf, assoc);
	if (!gnb) {
		LOG_RL(LOG_WARN, "amf n2", "association from %s refused: %u gNBs already", addr,
		       amf->gnbs.cap);
		if (amf->sctp)
			net_sctp_abort(amf->sctp, assoc);
		return;
	}
	gnb->out_streams = out_streams ? out_streams : 1;
	snprintf(gnb->addr, sizeof(gnb->addr), "%s", addr);
	amf_gnb_set_ctx(gnb);
	LOG_RL(LOG_INFO, gnb->ctx, "association up (%u outbound streams)", gnb->out_streams);
	amf_status_refresh(amf);
}

void amf_n2_on_down(struct amf *amf, struct handle assoc)
{
	struct amf_gnb *gnb = amf_gnb_by_assoc(amf, assoc);
	if (!gnb)
		return;
	LOG_RL(LOG_INFO, gnb->ctx, "association down: releasing %u UE connection%s", gnb->n_ues,
	       gnb->n_ues == 1 ? "" : "s");
	amf_gnb_free(amf, gnb);
}

void amf_n2_on_data(struct amf *amf, struct handle assoc, uint16_t stream, uint32_t ppid,
		    const uint8_t *data, size_t len)
{
	struct amf_gnb *gnb = amf_gnb_by_assoc(amf, assoc);
	if (!gnb)
		return;
	if (ppid != NET_SCTP_PPID_NGAP)
		LOG_RL(LOG_NOTICE, gnb->ctx, "PPID %u on stream %u (expected %u): decoding anyway",
		       ppid, stream, NET_SCTP_PPID_NGAP);
	gnb->rx_msgs++;
	amf_ngap_rx(amf, gnb, stream, data, len);
}

/* ---- lib/net callbacks ---- */

static void cb_up(struct net_sctp *ep, struct handle assoc, const struct net_sctp_assoc_info *info,
		  void *user)
{
	char a[NET_ADDR_STRLEN];
	amf_n2_on_up(user, assoc, info->out_streams, net_addr_str(&info->peer, a, sizeof(a)));
}

static void cb_restart(struct net_sctp *ep, struct handle assoc,
		       const struct net_sctp_assoc_info *info, void *user)
{
	char a[NET_ADDR_STRLEN];
	/* RFC 4960 5.2.4: the peer restarted; its NGAP state is gone too. */
	LOG_RL(LOG_NOTICE, "amf n2", "association with %s restarted",
	       net_addr_str(&info->peer, a, sizeof(a)));
	amf_n2_on_up(user, assoc, info->out_streams, a);
}

static void cb_down(struct net_sctp *ep, struct handle assoc, enum net_sctp_down why, void *user)
{
	struct amf *amf = user;
	struct amf_gnb *gnb = amf_gnb_by_assoc(amf, assoc);
	if (gnb)
		LOG_RL(LOG_INFO, gnb->ctx, "association %s", net_sctp_down_str(why));
	amf_n2_on_down(amf, assoc);
}

static void cb_data(struct net_sctp *ep, struct handle assoc, uint16_t stream, uint32_t ppid,
		    const uint8_t *data, size_t len, void *user)
{
	amf_n2_on_data(user, assoc, stream, ppid, data, len);
}

static void cb_writable(struct net_sctp *ep, struct handle assoc, void *user)
{
	struct amf *amf = user;
	struct amf_gnb *gnb = amf_gnb_by_assoc(amf, assoc);
	if (gnb)
		amf_n2_flush(amf, gnb);
}

int amf_n2_start(struct amf *amf)
{
	static const struct net_sctp_cbs cbs = {
		.up = cb_up,
		.down = cb_down,
		.restart = cb_restart,
		.data = cb_data,
		.writable = cb_writable,
	};
	struct net_sctp_cfg sc = amf->cfg->n2.sctp;
	struct net_addr local;
	char a[NET_ADDR_STRLEN];
	int rc;

	if (sc.max_assocs > amf->cfg->max_gnbs)
		sc.max_assocs = amf->cfg->max_gnbs;
	amf->n2_tx = sctp_tx;
	if ((rc = net_addr_set(&local, &amf->cfg->n2.addr, amf->cfg->n2.port)) < 0)
		return rc;
	if ((rc = net_sctp_new(&amf->sctp, amf->loop, &sc, &cbs, amf)) < 0)
		return rc;
	if ((rc = net_sctp_listen(amf->sctp, &local)) < 0) {
		LOG(LOG_ERROR, "amf n2", "cannot listen on %s", net_addr_str(&local, a, sizeof(a)));
		net_sctp_free(amf->sctp);
		amf->sctp = NULL;
		return rc;
	}
	LOG(LOG_INFO, "amf n2", "NGAP on SCTP %s (%s)", net_addr_str(&local, a, sizeof(a)),
	    net_sctp_backend_names[net_sctp_backend(amf->sctp)]);
	return 0;
}

void amf_n2_stop(struct amf *amf)
{
	if (amf->sctp) {
		net_sctp_free(amf->sctp);
		amf->sctp = NULL;
	}
}

/* status.h — how an NF publishes its state on GET /api/v1/status.
 *
 * An NF registers a provider at start() and unregisters it at stop(). When
 * the management endpoint serves /api/v1/status it calls every provider and
 * embeds what each returns under "providers": { NAME: ... }.
 *
 * THREADS: a provider is called from the management NF's thread, never from
 * the NF that registered it, while that NF keeps running. It must therefore
 * be thread-safe and must not touch the NF's live state. The simple way: the
 * NF keeps a snapshot (counts, a small list) under its own mutex, refreshes
 * it from its own loop (e.g. on each state change or once a second), and the
 * provider copies the snapshot under that mutex and renders it. A provider
 * must return quickly and must not call mgmt_status_register/unregister.
 *
 * mgmt_status_unregister() waits for a call in progress to finish, so once
 * it returns the provider and its arg are never used again.
 *
 * Suggested shape for the AMF (ngctl status renders these keys as tables):
 *   { "gnbs": [ { "id": "001-01-1", "name": "gnb1", "addr": "10.0.0.2", "ues": 3 } ],
 *     "ues":  { "REGISTERED": 3, "AUTHENTICATING": 1 } }
 * Any other key is shown as "key: value".
 */
#ifndef NGCORE_MGMT_STATUS_H
#define NGCORE_MGMT_STATUS_H

#define MGMT_STATUS_MAX 16 /* providers at once */

/* Returns the NF's state as JSON object text in a malloc'd string (the
 * caller frees it), or NULL if it cannot right now. */
typedef char *(*mgmt_status_cb)(void *arg);

/* Registers fn under name (the NF's name, at most 15 characters).
 * Returns 0, -E_EXIST (name taken), -E_NOSPC (table full), -E_INVAL. */
int mgmt_status_register(const char *name, mgmt_status_cb fn, void *arg);
/* Removes name's provider; waits for a call in progress. Unknown names are ignored. */
void mgmt_status_unregister(const char *name);

/* For the management endpoint: calls each provider in registration order
 * and hands its result (NULL if it returned none) to cb, which takes
 * ownership of json. Providers run one at a time under the registry lock. */
void mgmt_status_collect(void (*cb)(const char *name, char *json, void *arg), void *arg);

#endif

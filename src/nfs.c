/* The NFs linked into this binary, in start order (the NRF first: the others
 * register with it). */
#include "src/nfs.h"

#include <stddef.h>

const struct nf_ops *const ngcore_nfs[] = {
	NULL, /* placeholder so the array is never empty */
};

const size_t ngcore_n_nfs = 0;

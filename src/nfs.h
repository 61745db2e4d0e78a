/* nfs.h — the NFs linked into the ngcore binary, in start order. */
#ifndef NGCORE_SRC_NFS_H
#define NGCORE_SRC_NFS_H

#include "lib/core/nf.h"

extern const struct nf_ops *const ngcore_nfs[];
extern const size_t ngcore_n_nfs;

#endif

/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Records of the DMA fence group (dma_fence.bpf.c): per process, the fences it emitted to a
 * device and how long they took to signal. Drivers that never fire dma_fence_emit (and machines
 * without a GPU) produce no entries: user space then shows n/a, never 0.
 */
#ifndef SMOOTHTASK_DMA_FENCE_H
#define SMOOTHTASK_DMA_FENCE_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/*
 * Fences emitted and not yet signaled, at most (older ones leave the LRU map first). GPU rings
 * keep hundreds of jobs in flight each; 16,384 holds many rings' worth for a fraction of the
 * locked memory 65,536 would take (bench/README.md, 'Fences in flight').
 */
#define ST_FENCE_MAX_INFLIGHT 16384
/* Processes with fence counters, at most. */
#define ST_FENCE_MAX_PROCS 16384

/* Key of inflight: a fence's identity on its timeline. */
struct st_fence_key {
	__u64 context;
	__u64 seqno;
};

/* Value of inflight. */
struct st_fence_emit {
	__u64 emit_ns;        /* bpf_ktime_get_ns() at dma_fence_emit */
	__u32 tgid;           /* process that was current when the fence was emitted */
	__u32 pad;
};

/* Value of proc_fence (key: __u32 tgid). */
struct st_fence_stats {
	__u64 emitted;        /* dma_fence_emit events */
	__u64 signaled;       /* dma_fence_signaled events of fences this process emitted */
	__u64 busy_ns;        /* sum of signaled - emit over those fences */
};

/* Value of fence_totals (one entry, key 0): every event, matched to an emit or not. */
struct st_fence_totals {
	__u64 emits;
	__u64 signals;        /* every dma_fence_signaled, including fences never seen emitted */
	__u64 matched;        /* signals of a fence found in inflight */
};

#endif

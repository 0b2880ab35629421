// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * DMA fence group: dma_fence:dma_fence_emit and dma_fence:dma_fence_signaled (tp_btf). At emit,
 * the fence's context+seqno is stored with the time and the current tgid; at signal, the time
 * since emit is added to that tgid's busy ns and the fence is counted. Both maps are bounded LRU
 * hashes. Where the driver emits from a scheduler thread (drm_sched), that thread is the one
 * charged. Zero events (no GPU, a driver that never calls dma_fence_emit) is normal.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "maps.bpf.h"
#include "dma_fence.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, ST_FENCE_MAX_INFLIGHT);
	__type(key, struct st_fence_key);
	__type(value, struct st_fence_emit);
} inflight SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, ST_FENCE_MAX_PROCS);
	__type(key, __u32);
	__type(value, struct st_fence_stats);
} proc_fence SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct st_fence_totals);
} fence_totals SEC(".maps");

static const struct st_fence_stats zero_stats;

static __always_inline struct st_fence_totals *totals(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&fence_totals, &zero);
}

SEC("tp_btf/dma_fence_emit")
int BPF_PROG(on_fence_emit, struct dma_fence *fence)
{
	struct st_fence_key key = { .context = fence->context, .seqno = fence->seqno };
	struct st_fence_emit emit = { .emit_ns = bpf_ktime_get_ns(), .tgid = bpf_get_current_pid_tgid() >> 32 };
	struct st_fence_totals *t = totals();
	struct st_fence_stats *s;

	if (t)
		__sync_fetch_and_add(&t->emits, 1);
	bpf_map_update_elem(&inflight, &key, &emit, BPF_ANY);
	s = lookup_or_init(&proc_fence, &emit.tgid, &zero_stats);
	if (s)
		__sync_fetch_and_add(&s->emitted, 1);
	return 0;
}

SEC("tp_btf/dma_fence_signaled")
int BPF_PROG(on_fence_signaled, struct dma_fence *fence)
{
	struct st_fence_key key = { .context = fence->context, .seqno = fence->seqno };
	struct st_fence_totals *t = totals();
	struct st_fence_emit *emit;
	struct st_fence_stats *s;
	__u64 now = bpf_ktime_get_ns();
	__u32 tgid;
	__u64 since;

	if (t)
		__sync_fetch_and_add(&t->signals, 1);
	emit = bpf_map_lookup_elem(&inflight, &key);
	if (!emit)
		return 0;
	tgid = emit->tgid;
	since = emit->emit_ns;
	bpf_map_delete_elem(&inflight, &key);
	if (t)
		__sync_fetch_and_add(&t->matched, 1);
	s = lookup_or_init(&proc_fence, &tgid, &zero_stats);
	if (!s)
		return 0;
	__sync_fetch_and_add(&s->signaled, 1);
	if (now > since)
		__sync_fetch_and_add(&s->busy_ns, now - since);
	return 0;
}

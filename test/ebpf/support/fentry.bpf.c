// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Optional fentry group: counts openat2 calls per process through an fentry program, cheaper
 * than a kprobe where the kernel allows it. Kernels without fentry support (or that refuse it,
 * like the one SmoothTask is developed on) fail to load this group; it is then switched off on
 * its own while every other group runs, which is what the tests check.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, __u64);
} opens SEC(".maps");

SEC("fentry/do_sys_openat2")
int BPF_PROG(on_openat2, int dfd, const char *filename, struct open_how *how)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *n = bpf_map_lookup_elem(&opens, &tgid);

	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&opens, &tgid, &one, BPF_NOEXIST);
	return 0;
}

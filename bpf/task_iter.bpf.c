// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Task iterator: one pass over every task in the kernel, writing a fixed-size st_task_rec per
 * thread into the iterator's seq_file. User space (src/native/bpf.ts) groups threads by tgid and
 * sums their CPU time with the exited threads' time from the leader's signal_struct, which is how
 * /proc/PID/stat computes utime + stime for a process (thread_group_cputime).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "task_iter.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* include/linux/mm_types_task.h: enum { MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS, MM_SHMEMPAGES } */
#define ST_MM_FILEPAGES 0
#define ST_MM_ANONPAGES 1
#define ST_MM_SHMEMPAGES 3
#define ST_MAX_RT_PRIO 100
#define ST_DEFAULT_PRIO 120

static __always_inline __u64 mm_counter(struct mm_struct *mm, int member)
{
	/* get_mm_counter(): percpu_counter_read_positive() of rss_stat[member]. */
	__s64 count = BPF_CORE_READ(mm, rss_stat[member].count);
	return count > 0 ? (__u64)count : 0;
}

SEC("iter/task")
int dump_task(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;
	struct st_task_rec rec = {};
	struct mm_struct *mm;

	if (!task)
		return 0;

	rec.tid = BPF_CORE_READ(task, pid);
	rec.tgid = BPF_CORE_READ(task, tgid);
	rec.ppid = BPF_CORE_READ(task, real_parent, tgid);
	rec.state = BPF_CORE_READ(task, __state);
	rec.exit_state = BPF_CORE_READ(task, exit_state);
	rec.flags = BPF_CORE_READ(task, flags);
	rec.prio = BPF_CORE_READ(task, prio) - ST_MAX_RT_PRIO;
	rec.nice = BPF_CORE_READ(task, static_prio) - ST_DEFAULT_PRIO;
	rec.nr_threads = BPF_CORE_READ(task, signal, nr_threads);
	rec.euid = BPF_CORE_READ(task, cred, euid.val);
	rec.sum_exec_runtime = BPF_CORE_READ(task, se.sum_exec_runtime);
	rec.start_boottime = BPF_CORE_READ(task, start_boottime);
	rec.cgroup_id = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn, id);
	BPF_CORE_READ_STR_INTO(&rec.comm, task, comm);

	/* Process-wide facts are read once, from the thread group leader's record. */
	if (rec.tid == rec.tgid) {
		rec.dead_exec_runtime = BPF_CORE_READ(task, signal, sum_sched_runtime);
		mm = BPF_CORE_READ(task, mm);
		if (mm) {
			__u64 file = mm_counter(mm, ST_MM_FILEPAGES);
			__u64 shmem = mm_counter(mm, ST_MM_SHMEMPAGES);

			rec.rss_pages = file + mm_counter(mm, ST_MM_ANONPAGES) + shmem;
			rec.shared_pages = file + shmem;
			rec.total_vm_pages = BPF_CORE_READ(mm, total_vm);
		}
	}

	bpf_seq_write(seq, &rec, sizeof(rec));
	return 0;
}

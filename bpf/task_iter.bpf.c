// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Task iterator: one pass over every task in the kernel, writing a fixed-size st_task_rec per
 * thread into the iterator's seq_file. User space (src/native/bpf.ts) groups threads by tgid and
 * sums their CPU time with the exited threads' time from the leader's signal_struct, which is how
 * /proc/PID/stat computes utime + stime for a process (thread_group_cputime); storage I/O bytes
 * are summed the same way, as /proc/PID/io does (do_io_accounting).
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
/* include/linux/sched.h */
#define ST_PF_WQ_WORKER 0x00000020
#define ST_PF_KTHREAD 0x00200000

/*
 * The extra part of the name /proc shows for kernel threads (proc_task_name): a workqueue
 * worker's description (wq_worker_comm) or a kthread's full name (get_kthread_comm).
 */
static __always_inline void kthread_name(struct task_struct *task, struct st_task_rec *rec)
{
	struct kthread *kt = (struct kthread *)BPF_CORE_READ(task, worker_private);

	if (!kt)
		return;
	if (rec->flags & ST_PF_WQ_WORKER) {
		struct worker *worker = (struct worker *)BPF_CORE_READ(kt, data);

		struct workqueue_struct *rescue_wq;

		if (!worker)
			return;
		/* workqueue.c format_worker_id(): a rescuer is named after its workqueue. */
		rescue_wq = BPF_CORE_READ(worker, rescue_wq);
		if (rescue_wq) {
			bpf_probe_read_kernel_str(rec->name_ext, sizeof(rec->name_ext), &rescue_wq->name);
			rec->name_ext_kind = ST_NAME_EXT_WQ_RESCUER;
			return;
		}
		if (!BPF_CORE_READ(worker, pool))
			return;
		bpf_probe_read_kernel_str(rec->name_ext, sizeof(worker->desc), &worker->desc);
		if (rec->name_ext[0])
			rec->name_ext_kind = BPF_CORE_READ(worker, current_work) ? ST_NAME_EXT_WQ_BUSY : ST_NAME_EXT_WQ_IDLE;
		return;
	}
	char *full = BPF_CORE_READ(kt, full_name);

	if (full && bpf_probe_read_kernel_str(rec->name_ext, sizeof(rec->name_ext), full) > 0)
		rec->name_ext_kind = ST_NAME_EXT_FULL;
}

static __always_inline __u64 mm_counter(struct mm_struct *mm, int member)
{
	/* get_mm_counter(): percpu_counter_read_positive() of rss_stat[member]. */
	__s64 count = mm->rss_stat[member].count;
	return count > 0 ? (__u64)count : 0;
}

/*
 * The iterator hands over a trusted task pointer, so fields are read with plain loads (the
 * verifier turns pointer chains into fault-safe loads): much cheaper per task than a
 * bpf_probe_read_kernel() call per field, which matters at 10,000 tasks a pass.
 */
SEC("iter/task")
int dump_task(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;
	struct st_task_rec rec = {};
	struct signal_struct *sig;
	struct mm_struct *mm;

	if (!task)
		return 0;

	sig = task->signal;
	rec.tid = task->pid;
	rec.tgid = task->tgid;
	rec.ppid = task->real_parent->tgid;
	rec.state = task->__state;
	rec.exit_state = task->exit_state;
	rec.flags = task->flags;
	rec.prio = task->prio - ST_MAX_RT_PRIO;
	rec.nice = task->static_prio - ST_DEFAULT_PRIO;
	rec.nr_threads = sig->nr_threads;
	rec.euid = task->cred->euid.val;
	rec.sum_exec_runtime = task->se.sum_exec_runtime;
	rec.start_boottime = task->start_boottime;
	rec.cgroup_id = task->cgroups->dfl_cgrp->kn->id;
	bpf_probe_read_kernel_str(rec.comm, sizeof(rec.comm), task->comm);
	if (rec.flags & ST_PF_KTHREAD)
		kthread_name(task, &rec);
	/* The fields exist only with CONFIG_TASK_IO_ACCOUNTING; the branch is dropped at load otherwise. */
	if (bpf_core_field_exists(struct task_io_accounting, read_bytes)) {
		rec.io_flags = ST_IO_ACCT;
		rec.read_bytes = task->ioac.read_bytes;
		rec.write_bytes = task->ioac.write_bytes;
		if (rec.tid == rec.tgid) {
			rec.read_bytes += sig->ioac.read_bytes;
			rec.write_bytes += sig->ioac.write_bytes;
		}
	}

	/* Process-wide facts are read once, from the thread group leader's record. */
	if (rec.tid == rec.tgid) {
		rec.dead_exec_runtime = sig->sum_sched_runtime;
		mm = task->mm;
		if (mm) {
			__u64 file = mm_counter(mm, ST_MM_FILEPAGES);
			__u64 shmem = mm_counter(mm, ST_MM_SHMEMPAGES);

			rec.rss_pages = file + mm_counter(mm, ST_MM_ANONPAGES) + shmem;
			rec.shared_pages = file + shmem;
			rec.total_vm_pages = mm->total_vm;
		}
	}

	bpf_seq_write(seq, &rec, sizeof(rec));
	return 0;
}

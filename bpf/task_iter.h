/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Record the task iterator (task_iter.bpf.c) writes for every task (thread) it visits. Shared by
 * the kernel side and native/bpf.cc, which exports its size so src/native/bpf.ts can check its
 * decoder against the compiled layout. Fixed-width fields, 8-byte aligned, no padding holes.
 */
#ifndef SMOOTHTASK_TASK_ITER_H
#define SMOOTHTASK_TASK_ITER_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define ST_TASK_COMM_LEN 16
/* fs/proc/array.c proc_task_name(): names are built in a 64-byte buffer. */
#define ST_TASK_NAME_LEN 64

/* What st_task_rec.name_ext holds, to rebuild the name /proc shows for kernel threads. */
#define ST_NAME_EXT_NONE 0
#define ST_NAME_EXT_FULL 1       /* a kthread's full name (longer than comm) */
#define ST_NAME_EXT_WQ_IDLE 2    /* a workqueue worker's last work: "comm-desc" */
#define ST_NAME_EXT_WQ_BUSY 3    /* a workqueue worker's current work: "comm+desc" */
#define ST_NAME_EXT_WQ_RESCUER 4 /* a rescuer's workqueue: "kworker/R-name" */

/* st_task_rec.io_flags: read_bytes/write_bytes are measured (CONFIG_TASK_IO_ACCOUNTING). */
#define ST_IO_ACCT 1

struct st_task_rec {
	__u32 tid;            /* task->pid: the thread id */
	__u32 tgid;           /* task->tgid: the process id */
	__u32 ppid;           /* task->real_parent->tgid, as /proc/PID/stat field 4 */
	__u32 state;          /* task->__state, raw: user space maps it to a ps letter */
	__u32 exit_state;     /* task->exit_state (EXIT_ZOMBIE, EXIT_DEAD) */
	__u32 flags;          /* task->flags (PF_KTHREAD) */
	__s32 prio;           /* task->prio - MAX_RT_PRIO, as /proc/PID/stat field 18 */
	__s32 nice;           /* task->static_prio - DEFAULT_PRIO, as field 19 */
	__u32 nr_threads;     /* signal->nr_threads, as field 20 */
	__u32 euid;           /* cred->euid */
	__u64 sum_exec_runtime;  /* this thread's on-CPU time, ns */
	__u64 dead_exec_runtime; /* signal->sum_sched_runtime: exited threads' on-CPU time, ns */
	__u64 start_boottime;    /* ns after boot, including suspend: /proc/PID/stat field 22 × 10^9/USER_HZ */
	__u64 rss_pages;         /* file + anon + shmem pages, as get_mm_rss(); 0 without an mm */
	__u64 total_vm_pages;    /* mm->total_vm, as statm size */
	__u64 shared_pages;      /* file + shmem pages, as statm shared */
	__u64 cgroup_id;         /* cgroup v2 id (the kernfs inode number of the cgroup directory) */
	char comm[ST_TASK_COMM_LEN];
	char name_ext[ST_TASK_NAME_LEN]; /* see name_ext_kind */
	__u32 name_ext_kind;             /* ST_NAME_EXT_* */
	__u32 io_flags;                  /* ST_IO_ACCT, or 0 when the kernel has no I/O accounting */
	/*
	 * Storage I/O, as /proc/PID/io read_bytes and write_bytes (fs/proc/base.c do_io_accounting):
	 * this thread's task->ioac, plus, in the leader's record, signal->ioac (exited threads).
	 * write_bytes is reported as /proc does, cancelled_write_bytes not subtracted.
	 */
	__u64 read_bytes;
	__u64 write_bytes;
};

#endif

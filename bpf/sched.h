/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Records of the scheduler group (sched.bpf.c): per-process scheduling counters kept in an LRU
 * hash keyed by tgid, and exec/exit events sent through a ring buffer so that a process living a
 * few milliseconds, between two samples, is still counted and named.
 */
#ifndef SMOOTHTASK_SCHED_H
#define SMOOTHTASK_SCHED_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define ST_SCHED_COMM_LEN 16
/* log2 buckets of run-queue latency in µs: slot i counts waits in [2^i, 2^(i+1)) µs, slot 0 < 2 µs. */
#define ST_RUNQ_SLOTS 32
/* Bounded per-process map: comfortably above 10,000 processes. */
#define ST_MAX_PROCS 16384

/* Value of the proc_sched map (key: __u32 tgid). Cumulative since the group was loaded. */
struct st_sched_stats {
	__u64 oncpu_ns;       /* time on a CPU, summed over the process's threads */
	__u64 runq_wait_ns;   /* time runnable but waiting for a CPU */
	__u64 runq_max_ns;    /* longest single wait */
	__u64 switches;       /* times a thread of this process was switched onto a CPU */
	__u64 wakeups;        /* run-queue waits measured (wake-up or preemption to switch-in) */
	__u32 hist[ST_RUNQ_SLOTS];
};

#define ST_EVENT_EXEC 1
#define ST_EVENT_EXIT 2

/* One ring buffer record. */
struct st_proc_event {
	__u32 kind;           /* ST_EVENT_EXEC or ST_EVENT_EXIT */
	__u32 tgid;
	__u32 ppid;
	__s32 exit_code;      /* task->exit_code at exit (wait status), 0 for exec */
	__u64 time_ns;        /* bpf_ktime_get_boot_ns(): same clock as start_boottime */
	__u64 start_boottime; /* the process's start, ns after boot (with pid, its identity) */
	__u64 oncpu_ns;       /* at exit: CPU time of the whole process, ns (a lower bound); 0 for exec */
	char comm[ST_SCHED_COMM_LEN];
	__u32 uid;            /* real uid of the process (cred->uid) */
	__u32 pad;
};

#endif

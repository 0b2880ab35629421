// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Scheduler group: per-process on-CPU time, run-queue wait (total, longest, log2 histogram) and
 * context switches from sched_switch / sched_wakeup / sched_wakeup_new (tp_btf), kept in bounded
 * LRU maps keyed by tgid; exec and exit of every process through a ring buffer, so one that
 * lives a few milliseconds, between two samples, is still counted and named.
 * Needs the sched_switch signature of Linux 5.18+ (with prev_state).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "maps.bpf.h"
#include "sched.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Exit events only for processes that lived less than this many ns; 0 sends every exit. */
const volatile __u64 short_lived_ns = 0;

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, ST_MAX_PROCS);
	__type(key, __u32);
	__type(value, struct st_sched_stats);
} proc_sched SEC(".maps");

/*
 * When each task became runnable (wake-up, or preemption while still runnable), 0 when not
 * waiting. Task local storage, not a hash keyed by tid: no hashing or LRU bookkeeping on the two
 * hottest tracepoints, and the kernel frees the slot with the task.
 */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} runnable_since SEC(".maps");

struct oncpu {
	__u64 since;
	__u32 tid;
	__u32 tgid;
};

/* Per CPU: who is on it and since when. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct oncpu);
} current_task SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1024 * 1024); /* ~16,000 events between two reads */
} events SEC(".maps");

/* Ring buffer records lost because it was full (user space read too late). Index 0. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} events_lost SEC(".maps");

static const struct st_sched_stats zero_stats;

static __always_inline void mark_runnable(struct task_struct *p)
{
	__u64 *since;

	if (!p->pid)
		return;
	since = bpf_task_storage_get(&runnable_since, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (since)
		*since = bpf_ktime_get_ns();
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(on_wakeup, struct task_struct *p)
{
	mark_runnable(p);
	return 0;
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(on_wakeup_new, struct task_struct *p)
{
	mark_runnable(p);
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(on_switch, bool preempt, struct task_struct *prev, struct task_struct *next, unsigned int prev_state)
{
	__u32 zero = 0, prev_tid = prev->pid, next_tid = next->pid, next_tgid = next->tgid;
	__u64 now = bpf_ktime_get_ns();
	struct st_sched_stats *s;
	struct oncpu *cur = bpf_map_lookup_elem(&current_task, &zero);
	__u64 *since;

	if (!cur)
		return 0;
	/* The slice that ends: only for a process already tracked (an exited one stays deleted). */
	if (prev_tid && cur->tid == prev_tid && cur->since) {
		s = bpf_map_lookup_elem(&proc_sched, &cur->tgid);
		if (s)
			__sync_fetch_and_add(&s->oncpu_ns, now - cur->since);
	}
	/* Preempted while runnable (TASK_RUNNING == 0): it waits on the run queue again. */
	if (prev_tid && prev_state == 0) {
		since = bpf_task_storage_get(&runnable_since, prev, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
		if (since)
			*since = now;
	}

	cur->since = now;
	cur->tid = next_tid;
	cur->tgid = next_tgid;
	if (!next_tid)
		return 0;
	s = lookup_or_init(&proc_sched, &next_tgid, &zero_stats);
	if (!s)
		return 0;
	__sync_fetch_and_add(&s->switches, 1);
	since = bpf_task_storage_get(&runnable_since, next, 0, 0);
	if (since && *since) {
		__u64 wait = now > *since ? now - *since : 0;
		__u64 slot = log2_u64(wait / 1000);

		*since = 0;
		__sync_fetch_and_add(&s->runq_wait_ns, wait);
		__sync_fetch_and_add(&s->wakeups, 1);
		if (wait > s->runq_max_ns)
			s->runq_max_ns = wait;
		if (slot >= ST_RUNQ_SLOTS)
			slot = ST_RUNQ_SLOTS - 1;
		/* Keep clang from dropping the bound the verifier needs (ST_RUNQ_SLOTS is a power of 2). */
		barrier_var(slot);
		slot &= ST_RUNQ_SLOTS - 1;
		__sync_fetch_and_add(&s->hist[slot], 1);
	}
	return 0;
}

static __always_inline struct st_proc_event *reserve_event(void)
{
	struct st_proc_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e) {
		__u32 zero = 0;
		__u64 *lost = bpf_map_lookup_elem(&events_lost, &zero);

		if (lost)
			(*lost)++;
	}
	return e;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct st_proc_event *e = reserve_event();

	if (!e)
		return 0;
	e->kind = ST_EVENT_EXEC;
	e->tgid = p->tgid;
	e->ppid = BPF_CORE_READ(p, real_parent, tgid);
	e->exit_code = 0;
	e->time_ns = bpf_ktime_get_boot_ns();
	e->start_boottime = BPF_CORE_READ(p, group_leader, start_boottime);
	e->oncpu_ns = 0;
	e->uid = BPF_CORE_READ(p, real_cred, uid.val);
	e->pad = 0;
	bpf_probe_read_kernel_str(e->comm, sizeof(e->comm), p->comm);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_exit, struct task_struct *p, bool group_dead)
{
	__u32 tgid = p->tgid, zero = 0;
	__u64 now = bpf_ktime_get_boot_ns(), start, task_ns, traced_ns = 0;
	struct st_sched_stats *s;
	struct oncpu *cur;
	struct st_proc_event *e;

	if (!group_dead)
		return 0;
	/*
	 * CPU time of the whole process, two ways, both lower bounds: the kernel's accounting (the
	 * other threads were released into signal->sum_sched_runtime; this last one's
	 * se.sum_exec_runtime lags by the part of its slice since the last update_curr, all of it
	 * for a process that exits within its first slice), and this group's own sched_switch count
	 * plus the running slice (exact for a process born after load). Take the larger.
	 */
	task_ns = BPF_CORE_READ(p, signal, sum_sched_runtime) + p->se.sum_exec_runtime;
	s = bpf_map_lookup_elem(&proc_sched, &tgid);
	cur = bpf_map_lookup_elem(&current_task, &zero);
	if (s) {
		traced_ns = s->oncpu_ns;
		if (cur && cur->tid == p->pid && cur->since)
			traced_ns += bpf_ktime_get_ns() - cur->since;
	}
	bpf_map_delete_elem(&proc_sched, &tgid);
	start = BPF_CORE_READ(p, group_leader, start_boottime);
	if (short_lived_ns && now - start >= short_lived_ns)
		return 0;
	e = reserve_event();
	if (!e)
		return 0;
	e->kind = ST_EVENT_EXIT;
	e->tgid = tgid;
	e->ppid = BPF_CORE_READ(p, real_parent, tgid);
	e->exit_code = p->exit_code;
	e->time_ns = now;
	e->start_boottime = start;
	e->oncpu_ns = task_ns > traced_ns ? task_ns : traced_ns;
	e->uid = BPF_CORE_READ(p, real_cred, uid.val);
	e->pad = 0;
	bpf_probe_read_kernel_str(e->comm, sizeof(e->comm), p->comm);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Network group: bytes sent and received per process and per socket from the sock_send_length /
 * sock_recv_length tracepoints (tp_btf; IPv4 and IPv6 sockets only), the TCP lifecycle from
 * sock:inet_sock_set_state (opens and closes through a ring buffer, with a closing socket's
 * bytes; its counters are then dropped, so the map stays bounded; a process's go at its exit), and three iterators that user space
 * joins into the socket table with owning processes: tcp, udp, and task_file for socket fds.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "maps.bpf.h"
#include "net.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define ST_AF_INET 2
#define ST_AF_INET6 10
#define ST_MSG_PEEK 2
#define ST_TCP_ESTABLISHED 1
#define ST_TCP_CLOSE 7
#define ST_S_IFMT 00170000
#define ST_S_IFSOCK 0140000
#define ST_EEXIST 17

/* Bytes per process: a plain hash, trimmed at exit (see struct st_net_drops). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ST_NET_MAX_PROCS);
	__type(key, __u32);
	__type(value, struct st_net_bytes);
} proc_net SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct st_net_drops);
} proc_net_drops SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, ST_NET_MAX_SOCKS);
	__type(key, __u64);
	__type(value, struct st_net_bytes);
} sock_net SEC(".maps");

/* TCP connections reaching ESTABLISHED or CLOSE, for connections that live between two reads. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 512 * 1024);
} conn_events SEC(".maps");

/* conn_events records lost because the ring buffer was full. Index 0. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} conn_events_lost SEC(".maps");

/*
 * TCP state changes seen, index 0 (per CPU; the reader sums them). The tcp iterator walks every
 * bucket of the established hash, sized by memory however few sockets there are, so the reader
 * walks it again only when this moved (src/collectors/connections/tcp-walk.ts says what else).
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} tcp_state_changes SEC(".maps");

static const struct st_net_bytes zero_bytes;

/* The process's proc_net entry, created when missing; a full map is counted in proc_net_drops. */
static __always_inline struct st_net_bytes *proc_bytes(__u32 tgid)
{
	struct st_net_bytes *p = bpf_map_lookup_elem(&proc_net, &tgid);
	struct st_net_drops *drops;
	__u32 zero = 0;
	long err;

	if (p)
		return p;
	err = bpf_map_update_elem(&proc_net, &tgid, &zero_bytes, BPF_NOEXIST);
	if (err && err != -ST_EEXIST) {
		drops = bpf_map_lookup_elem(&proc_net_drops, &zero);
		if (drops) {
			__sync_fetch_and_add(&drops->count, 1);
			drops->last_ns = bpf_ktime_get_boot_ns();
		}
		return 0;
	}
	return bpf_map_lookup_elem(&proc_net, &tgid);
}

static __always_inline void count(struct sock *sk, int ret, bool tx)
{
	__u16 family;
	__u32 tgid;
	__u64 key;
	struct st_net_bytes *p, *s;

	if (ret <= 0 || !sk)
		return;
	family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family != ST_AF_INET && family != ST_AF_INET6)
		return;
	tgid = bpf_get_current_pid_tgid() >> 32;
	key = (__u64)sk;
	p = proc_bytes(tgid);
	s = lookup_or_init(&sock_net, &key, &zero_bytes);
	if (tx) {
		if (p)
			__sync_fetch_and_add(&p->tx_bytes, ret);
		if (s)
			__sync_fetch_and_add(&s->tx_bytes, ret);
	} else {
		if (p)
			__sync_fetch_and_add(&p->rx_bytes, ret);
		if (s)
			__sync_fetch_and_add(&s->rx_bytes, ret);
	}
	if (s)
		s->tgid = tgid;
}

SEC("tp_btf/sock_send_length")
int BPF_PROG(on_send, struct sock *sk, int ret, int flags)
{
	count(sk, ret, true);
	return 0;
}

SEC("tp_btf/sock_recv_length")
int BPF_PROG(on_recv, struct sock *sk, int ret, int flags)
{
	/* A peek leaves the data queued: it is counted when it is really read. */
	if (!(flags & ST_MSG_PEEK))
		count(sk, ret, false);
	return 0;
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_state, const struct sock *sk, const int oldstate, const int newstate)
{
	struct sock_common *skc = (struct sock_common *)&sk->__sk_common;
	__u64 key = (__u64)sk;
	struct st_net_bytes *b;
	struct st_conn_event *e;
	__u32 zero = 0;
	__u64 *changes;

	if (sk->sk_protocol != IPPROTO_TCP)
		return 0;
	changes = bpf_map_lookup_elem(&tcp_state_changes, &zero);
	if (changes)
		__sync_fetch_and_add(changes, 1);
	if (newstate != ST_TCP_ESTABLISHED && newstate != ST_TCP_CLOSE)
		return 0;
	e = bpf_ringbuf_reserve(&conn_events, sizeof(*e), 0);
	if (!e) {
		__u64 *lost = bpf_map_lookup_elem(&conn_events_lost, &zero);

		if (lost)
			(*lost)++;
	} else {
		__builtin_memset(e, 0, sizeof(*e));
		e->kind = newstate == ST_TCP_ESTABLISHED ? ST_CONN_OPEN : ST_CONN_CLOSE;
		e->sk = key;
		e->time_ns = bpf_ktime_get_boot_ns();
		e->family = skc->skc_family;
		e->sport = skc->skc_num;
		e->dport = __builtin_bswap16(skc->skc_dport);
		e->oldstate = oldstate;
		if (e->family == ST_AF_INET6) {
			BPF_CORE_READ_INTO(&e->saddr, skc, skc_v6_rcv_saddr);
			BPF_CORE_READ_INTO(&e->daddr, skc, skc_v6_daddr);
		} else {
			BPF_CORE_READ_INTO((__u32 *)e->saddr, skc, skc_rcv_saddr);
			BPF_CORE_READ_INTO((__u32 *)e->daddr, skc, skc_daddr);
		}
		b = bpf_map_lookup_elem(&sock_net, &key);
		if (b) {
			e->tgid = b->tgid;
			if (newstate == ST_TCP_CLOSE) {
				e->tx_bytes = b->tx_bytes;
				e->rx_bytes = b->rx_bytes;
			}
		}
		bpf_ringbuf_submit(e, 0);
	}
	/* A closed socket's counters go, so the map stays bounded and a reused address starts at 0. */
	if (newstate == ST_TCP_CLOSE)
		bpf_map_delete_elem(&sock_net, &key);
	return 0;
}

/* A process's bytes go with it, so the map holds live processes only and a reused pid starts at 0. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_exit, struct task_struct *p, bool group_dead)
{
	__u32 tgid = p->tgid;

	if (group_dead)
		bpf_map_delete_elem(&proc_net, &tgid);
	return 0;
}

static __always_inline void fill_common(struct st_tcp_rec *rec, struct sock_common *skc)
{
	rec->sk = (__u64)skc;
	rec->family = BPF_CORE_READ(skc, skc_family);
	rec->state = BPF_CORE_READ(skc, skc_state);
	rec->sport = BPF_CORE_READ(skc, skc_num);
	rec->dport = __builtin_bswap16(BPF_CORE_READ(skc, skc_dport));
	if (rec->family == ST_AF_INET6) {
		BPF_CORE_READ_INTO(&rec->saddr, skc, skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO(&rec->daddr, skc, skc_v6_daddr);
	} else {
		BPF_CORE_READ_INTO((__u32 *)rec->saddr, skc, skc_rcv_saddr);
		BPF_CORE_READ_INTO((__u32 *)rec->daddr, skc, skc_daddr);
	}
}

/* sock_i_ino(): the inode of the socket's file, 0 when no file holds it. */
static __always_inline __u64 sock_inode(struct sock *sk)
{
	return BPF_CORE_READ(sk, sk_socket, file, f_inode, i_ino);
}

static __always_inline void fill_bytes(struct st_tcp_rec *rec)
{
	struct st_net_bytes *b = bpf_map_lookup_elem(&sock_net, &rec->sk);

	if (b) {
		rec->tx_bytes = b->tx_bytes;
		rec->rx_bytes = b->rx_bytes;
		rec->has_bytes = 1;
	}
}

SEC("iter/tcp")
int dump_tcp(struct bpf_iter__tcp *ctx)
{
	struct sock_common *skc = ctx->sk_common;
	struct st_tcp_rec rec = {};
	struct tcp_sock *tp;

	if (!skc)
		return 0;
	rec.kind = ST_TCP_REC_SOCKET;
	rec.uid = ctx->uid;
	fill_common(&rec, skc);
	/* TIME_WAIT and request sockets are not full sockets: no file, no inode. */
	tp = bpf_skc_to_tcp_sock(skc);
	if (tp)
		rec.inode = sock_inode((struct sock *)tp);
	fill_bytes(&rec);
	bpf_seq_write(ctx->meta->seq, &rec, sizeof(rec));
	return 0;
}

SEC("iter/udp")
int dump_udp(struct bpf_iter__udp *ctx)
{
	struct udp_sock *udp = ctx->udp_sk;
	struct st_tcp_rec rec = {};

	if (!udp)
		return 0;
	rec.kind = ST_TCP_REC_UDP;
	rec.uid = ctx->uid;
	fill_common(&rec, &udp->inet.sk.__sk_common);
	rec.inode = sock_inode(&udp->inet.sk);
	fill_bytes(&rec);
	bpf_seq_write(ctx->meta->seq, &rec, sizeof(rec));
	return 0;
}

/* Socket fds of every process: user space maps socket inode → owner, as ss -p does from /proc. */
SEC("iter/task_file")
int dump_sock_owners(struct bpf_iter__task_file *ctx)
{
	struct file *file = ctx->file;
	struct task_struct *task = ctx->task;
	struct st_tcp_rec rec = {};
	struct inode *inode;

	if (!file || !task)
		return 0;
	inode = BPF_CORE_READ(file, f_inode);
	if (!inode || (BPF_CORE_READ(inode, i_mode) & ST_S_IFMT) != ST_S_IFSOCK)
		return 0;
	rec.kind = ST_TCP_REC_OWNER;
	rec.tgid = BPF_CORE_READ(task, tgid);
	rec.inode = BPF_CORE_READ(inode, i_ino);
	bpf_probe_read_kernel_str(rec.comm, sizeof(rec.comm), task->comm);
	bpf_seq_write(ctx->meta->seq, &rec, sizeof(rec));
	return 0;
}

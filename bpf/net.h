/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Records of the network group (net.bpf.c): bytes per process and per socket from the
 * sock_send_length / sock_recv_length tracepoints, the TCP socket table from the tcp iterator,
 * and socket inode → owning process from a task_file iterator.
 */
#ifndef SMOOTHTASK_NET_H
#define SMOOTHTASK_NET_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define ST_NET_MAX_PROCS 16384
#define ST_NET_MAX_SOCKS 65536

/*
 * Value of proc_net_drops (one entry, key 0): processes whose bytes went uncounted because
 * proc_net was full. proc_net is a plain hash trimmed when a process exits, never an LRU: an
 * entry is never evicted and recreated at 0, so one that exists holds every byte since the
 * process started (or the group loaded), and a process without one moved no byte if it started
 * after last_ns.
 */
struct st_net_drops {
	__u64 count;          /* failed inserts into proc_net */
	__u64 last_ns;        /* bpf_ktime_get_boot_ns() of the last one */
};

/* Value of proc_net (key: __u32 tgid) and sock_net (key: __u64 socket address). */
struct st_net_bytes {
	__u64 tx_bytes;
	__u64 rx_bytes;
	__u32 tgid;           /* last process that moved data (sock_net only) */
	__u32 pad;
};

#define ST_TCP_REC_SOCKET 1   /* a TCP socket from the tcp iterator */
#define ST_TCP_REC_OWNER 2    /* a socket fd held by a process, from the task_file iterator */
#define ST_TCP_REC_UDP 3      /* a UDP socket from the udp iterator */

/* Iterator record: sockets and socket owners share one layout so one decoder reads every pass. */
struct st_tcp_rec {
	__u32 kind;           /* ST_TCP_REC_* */
	__u32 tgid;           /* owner: the process holding the fd; socket: 0 */
	__u64 inode;          /* socket inode number, as in /proc/net/tcp and /proc/PID/fd */
	__u64 sk;             /* kernel socket address: the key of sock_net */
	__u16 family;         /* AF_INET or AF_INET6 */
	__u16 sport;          /* host byte order */
	__u16 dport;          /* host byte order */
	__u8 state;           /* TCP_ESTABLISHED … as in include/net/tcp_states.h */
	__u8 pad;
	__u32 uid;
	__u8 saddr[16];       /* IPv4 in the first 4 bytes */
	__u8 daddr[16];
	__u32 pad3;           /* explicit: tx_bytes is 8-aligned */
	__u64 tx_bytes;       /* from sock_net when the socket moved data since load, else 0 */
	__u64 rx_bytes;
	__u32 has_bytes;      /* 1 when tx/rx come from sock_net */
	__u32 pad2;
	char comm[16];        /* owner: the holding process's comm */
};

#define ST_CONN_OPEN 1   /* reached ESTABLISHED */
#define ST_CONN_CLOSE 2  /* reached CLOSE */

/* Connection lifecycle record (ring buffer conn_events), from sock:inet_sock_set_state. */
struct st_conn_event {
	__u32 kind;           /* ST_CONN_OPEN or ST_CONN_CLOSE */
	__u32 tgid;           /* process that last moved data on it (from sock_net), else 0 */
	__u64 sk;
	__u64 time_ns;        /* bpf_ktime_get_boot_ns() */
	__u16 family;
	__u16 sport;          /* host byte order */
	__u16 dport;          /* host byte order */
	__u8 oldstate;
	__u8 pad;
	__u8 saddr[16];
	__u8 daddr[16];
	__u64 tx_bytes;       /* at close: bytes since load, from sock_net; 0 at open */
	__u64 rx_bytes;
};

#endif

// SPDX-License-Identifier: MIT
// The "sockdiag" native module: the TCP and UDP sockets of this process's network namespace from
// the kernel's sock_diag netlink interface, as ss(8) lists them, for the connections backend that
// runs without eBPF (src/collectors/connections/sock-diag.ts). Node has no netlink sockets.
//
// Why not /proc/net/tcp and tcp6: each read of either walks every bucket of the established hash,
// which is sized by the machine's memory however few sockets there are, and formats every socket
// as text. One dump here walks the hash once for both families: the older TCPDIAG_GETSOCK request
// asks for any family (the kernel's inet_diag_dump_compat sets AF_UNSPEC), where
// SOCK_DIAG_BY_FAMILY asks for one. UDP has no such request, and its table is small: a dump a
// family. bench/README.md, 'Sockets by sock_diag', has the costs.
//
// Each socket comes back as a fixed record in a table (src/native/table.ts's header); the
// endpoints stay bytes, formatted in TypeScript.
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "module.h"

namespace smoothtask {
namespace {

// TCPDIAG_GETSOCK (linux/inet_diag.h defines it only for the kernel's compatibility code).
constexpr uint16_t kTcpDiagGetSock = 18;
constexpr uint32_t kAllStates = 0xffffffff;

// One socket (src/native/sockdiag.ts RECORD): family, state, protocol, a pad byte, the two ports
// in host order, the two addresses as the kernel holds them (network order, IPv4 in the first 4
// bytes), uid and inode.
struct Record {
  uint8_t family;
  uint8_t state;
  uint8_t protocol;
  uint8_t pad;
  uint16_t sport;
  uint16_t dport;
  uint8_t src[16];
  uint8_t dst[16];
  uint32_t uid;
  uint32_t inode;
};
static_assert(sizeof(Record) == 48, "sockdiag.ts decodes 48-byte records");

// The table header of src/native/table.ts: count, entry size, where the trailing bytes start,
// and their length (none here).
constexpr size_t kHeaderBytes = 16;

// The kernel fills a dump's messages into buffers of at most 32 KiB (netlink_recvmsg caps its
// max_recvmsg_len there), so a receive this size is never cut.
constexpr size_t kReceiveBytes = 32 * 1024;

// A failed call, named for MakeSysError.
struct SysFailure {
  const char* syscall;
  int err;
  std::string message;
};

class Socket {
 public:
  Socket() : fd_(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG)) {
    if (fd_ < 0) throw SysFailure{"socket", errno, ""};
  }
  ~Socket() { close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

template <typename Request>
void Send(int fd, uint16_t type, uint32_t seq, const Request& request) {
  struct {
    nlmsghdr header;
    Request request;
  } message{};
  message.header.nlmsg_len = sizeof(message);
  message.header.nlmsg_type = type;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.header.nlmsg_seq = seq;
  message.request = request;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  for (;;) {
    ssize_t sent = sendto(fd, &message, sizeof(message), 0, reinterpret_cast<sockaddr*>(&kernel), sizeof(kernel));
    if (sent == static_cast<ssize_t>(sizeof(message))) return;
    if (sent < 0 && errno == EINTR) continue;
    throw SysFailure{"sendto", sent < 0 ? errno : EIO, sent < 0 ? "" : "netlink request sent in part"};
  }
}

void Append(const inet_diag_msg& msg, uint8_t protocol, std::vector<Record>& out) {
  Record r{};
  r.family = msg.idiag_family;
  r.state = msg.idiag_state;
  r.protocol = protocol;
  r.sport = ntohs(msg.id.idiag_sport);
  r.dport = ntohs(msg.id.idiag_dport);
  memcpy(r.src, msg.id.idiag_src, sizeof(r.src));
  memcpy(r.dst, msg.id.idiag_dst, sizeof(r.dst));
  r.uid = msg.idiag_uid;
  r.inode = msg.idiag_inode;
  out.push_back(r);
}

// Receives the dump answering request `seq` into `out`, until its NLMSG_DONE.
void Receive(int fd, uint32_t seq, uint8_t protocol, std::vector<char>& buffer, std::vector<Record>& out) {
  for (;;) {
    iovec iov{buffer.data(), buffer.size()};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    ssize_t got = recvmsg(fd, &msg, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw SysFailure{"recvmsg", errno, ""};
    if (msg.msg_flags & MSG_TRUNC) throw SysFailure{"recvmsg", EMSGSIZE, "a sock_diag message was larger than the receive buffer"};
    if (got == 0) throw SysFailure{"recvmsg", EIO, "the sock_diag dump ended without NLMSG_DONE"};
    int left = static_cast<int>(got);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buffer.data()); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
      if (h->nlmsg_seq != seq) continue;
      if (h->nlmsg_type == NLMSG_DONE) {
        // A dump that failed part-way ends with the error in NLMSG_DONE's payload.
        if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
          int status = *reinterpret_cast<int*>(NLMSG_DATA(h));
          if (status < 0) throw SysFailure{"recvmsg", -status, ""};
        }
        return;
      }
      if (h->nlmsg_type == NLMSG_ERROR) {
        const auto* failure = reinterpret_cast<nlmsgerr*>(NLMSG_DATA(h));
        if (h->nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr))) throw SysFailure{"recvmsg", EIO, "a truncated sock_diag error"};
        throw SysFailure{"sock_diag", -failure->error, ""};
      }
      if (h->nlmsg_len < NLMSG_LENGTH(sizeof(inet_diag_msg))) continue;
      Append(*reinterpret_cast<const inet_diag_msg*>(NLMSG_DATA(h)), protocol, out);
    }
  }
}

// Every socket in `states` (a bit per state number; 0 asks for none, and the kernel then checks
// the requests without walking its tables).
std::vector<Record> DumpAll(uint32_t states) {
  Socket socket;
  std::vector<char> buffer(kReceiveBytes);
  std::vector<Record> out;
  uint32_t seq = 1;

  inet_diag_req tcp{};
  tcp.idiag_states = states;
  Send(socket.fd(), kTcpDiagGetSock, seq, tcp);
  Receive(socket.fd(), seq, IPPROTO_TCP, buffer, out);

  for (uint8_t family : {AF_INET, AF_INET6}) {
    inet_diag_req_v2 udp{};
    udp.sdiag_family = family;
    udp.sdiag_protocol = IPPROTO_UDP;
    udp.idiag_states = states;
    Send(socket.fd(), SOCK_DIAG_BY_FAMILY, ++seq, udp);
    Receive(socket.fd(), seq, IPPROTO_UDP, buffer, out);
  }
  return out;
}

// dump(check) → an ArrayBuffer: the table header, then a Record a socket (TCP first, then UDP).
// With check true, no state is asked for: the same requests, refused where the kernel would
// refuse them, with no walk of the established hash (a backend's probe, before the first frame).
Napi::Value Dump(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const bool check = info.Length() > 0 && info[0].ToBoolean().Value();
  std::vector<Record> sockets;
  try {
    sockets = DumpAll(check ? 0 : kAllStates);
  } catch (const SysFailure& failure) {
    throw MakeSysError(env, failure.syscall, failure.err, failure.message);
  }
  const size_t bytes = kHeaderBytes + sockets.size() * sizeof(Record);
  Napi::ArrayBuffer out = Napi::ArrayBuffer::New(env, bytes);
  auto* data = static_cast<uint8_t*>(out.Data());
  const uint32_t header[4] = {static_cast<uint32_t>(sockets.size()), static_cast<uint32_t>(sizeof(Record)), static_cast<uint32_t>(bytes), 0};
  memcpy(data, header, sizeof(header));
  if (!sockets.empty()) memcpy(data + kHeaderBytes, sockets.data(), sockets.size() * sizeof(Record));
  return out;
}

void Init(Napi::Env env, Napi::Object exports) {
  exports.Set("dump", Napi::Function::New(env, Dump, "dump"));
}

}  // namespace
}  // namespace smoothtask

SMOOTHTASK_MODULE(sockdiag, smoothtask::Init);

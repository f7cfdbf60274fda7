#include "tests/support/tcp_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "absl/strings/str_cat.h"

namespace fazhi::testing {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TcpProxy>> TcpProxy::Start(int target_port) {
  auto proxy = std::unique_ptr<TcpProxy>(new TcpProxy);
  proxy->target_port_ = target_port;
  if (absl::Status s = proxy->Listen(); !s.ok()) return s;
  return proxy;
}

TcpProxy::~TcpProxy() {
  Cut();
  for (std::thread& t : threads_) t.join();
  // Relayed sockets stay open until here, so Cut() never shuts down a reused descriptor.
  for (int fd : sockets_) close(fd);
}

absl::Status TcpProxy::Listen() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr = Loopback(port_);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || listen(fd, 64) != 0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("proxy cannot listen on port ", port_));
  }
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  std::lock_guard<std::mutex> lock(mu_);
  listener_ = fd;
  threads_.emplace_back([this, fd] { AcceptLoop(fd); });
  return absl::OkStatus();
}

absl::Status TcpProxy::Restore() { return Listen(); }

void TcpProxy::Stall(bool stalled) { stalled_ = stalled; }

void TcpProxy::Cut() {
  stalled_ = false;
  std::lock_guard<std::mutex> lock(mu_);
  if (listener_ >= 0) {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    listener_ = -1;
  }
  for (int fd : sockets_) shutdown(fd, SHUT_RDWR);
}

void TcpProxy::AcceptLoop(int listener) {
  while (true) {
    int client = accept(listener, nullptr, nullptr);
    if (client < 0) return;  // the listener was cut
    int upstream = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in target = Loopback(target_port_);
    if (connect(upstream, reinterpret_cast<sockaddr*>(&target), sizeof(target)) != 0) {
      close(client);
      close(upstream);
      continue;
    }
    std::lock_guard<std::mutex> lock(mu_);
    sockets_.push_back(client);
    sockets_.push_back(upstream);
    threads_.emplace_back([this, client, upstream] { Pump(client, upstream); });
    threads_.emplace_back([this, client, upstream] { Pump(upstream, client); });
  }
}

void TcpProxy::Pump(int from, int to) {
  char buf[16384];
  ssize_t n;
  while ((n = read(from, buf, sizeof(buf))) > 0) {
    while (stalled_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    for (ssize_t off = 0; off < n;) {
      ssize_t w = write(to, buf + off, n - off);
      if (w <= 0) {
        shutdown(from, SHUT_RDWR);
        return;
      }
      off += w;
    }
  }
  shutdown(to, SHUT_RDWR);
}

}  // namespace fazhi::testing

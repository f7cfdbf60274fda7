#ifndef FAZHI_TESTS_SUPPORT_TCP_PROXY_H_
#define FAZHI_TESTS_SUPPORT_TCP_PROXY_H_

// A loopback TCP relay that a test can cut and restore, to make a real database unreachable
// for a service without stopping the database other tests share, or stall, to make a peer
// that accepts connections and never answers (a hung or overloaded downstream).

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"

namespace fazhi::testing {

class TcpProxy {
 public:
  // Relays 127.0.0.1:<port()> to 127.0.0.1:target_port.
  static absl::StatusOr<std::unique_ptr<TcpProxy>> Start(int target_port);
  ~TcpProxy();

  int port() const { return port_; }
  // Closes the listener and every relayed connection: new connections are refused.
  void Cut();
  // Listens again on the same port.
  absl::Status Restore();
  // While stalled, connections are still accepted and kept open but no byte is relayed either
  // way (what was read is held and relayed once the stall ends): the peer looks alive and never
  // answers. Cut() ends a stall.
  void Stall(bool stalled);

 private:
  TcpProxy() = default;
  absl::Status Listen();
  void AcceptLoop(int listener);
  void Pump(int from, int to);

  int target_port_ = 0;
  int port_ = 0;
  std::mutex mu_;
  int listener_ = -1;
  std::vector<int> sockets_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stalled_{false};
};

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_TCP_PROXY_H_

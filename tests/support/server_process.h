#ifndef FAZHI_TESTS_SUPPORT_SERVER_PROCESS_H_
#define FAZHI_TESTS_SUPPORT_SERVER_PROCESS_H_

// Starts a real service binary for integration tests and learns its addresses from its own
// "serving" log line, so tests need no port guessing: the server binds port 0 and says where.

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace fazhi::testing {

class ServerProcess {
 public:
  // Runs binary with args plus --listen=127.0.0.1:0 (unless args give a --listen=)
  // --metrics_port=0 --metrics_address=127.0.0.1, writing its output to log_path, and waits
  // until it serves.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(const std::string& binary,
                                                              std::vector<std::string> args,
                                                              const std::string& log_path);
  ~ServerProcess();

  const std::string& grpc_address() const { return grpc_address_; }
  int metrics_port() const { return metrics_port_; }
  // For tests that read the process's /proc entries (its peak memory, say).
  pid_t pid() const { return pid_; }
  // Sends SIGTERM and waits, for at most a minute (then SIGKILL); returns the exit status, or -1
  // when it did not exit by itself.
  int Stop();
  // Waits, without signalling, for the process to exit by itself (after a signal the test sent
  // to pid()); returns the exit status, or -1 when it did not exit within timeout (it is then
  // SIGKILLed) or died of a signal.
  int WaitForExit(absl::Duration timeout);
  // SIGKILL, as a crash or an OOM kill would, and reaps it.
  void Kill();
  // Everything the process has logged so far.
  std::string Log() const;
  // The process's peak resident memory (VmHWM) in bytes, or -1.
  int64_t PeakMemoryBytes() const;
  // Resets the peak to the current resident size (Linux: "5" > clear_refs).
  void ResetPeakMemory() const;

 private:
  pid_t pid_ = -1;
  std::string log_path_;
  std::string grpc_address_;
  int metrics_port_ = 0;
};

// Exit status and output of command (run by the shell, stderr with stdout); a process that does
// not end within 60 s is killed and counts as -1.
std::pair<int, std::string> RunToExit(const std::string& command);

// GET http://127.0.0.1:port/path; returns the body of a 200 response.
absl::StatusOr<std::string> HttpGet(int port, const std::string& path);

// A parsed Prometheus text-format sample.
struct Sample {
  std::string name;
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0;
  std::string Label(const std::string& key) const;
};

// Parses Prometheus text exposition format 0.0.4 strictly: every line must be a comment, a
// HELP/TYPE line or a valid sample; INVALID_ARGUMENT names the first bad line.
absl::StatusOr<std::vector<Sample>> ParsePrometheusText(const std::string& text);

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_SERVER_PROCESS_H_

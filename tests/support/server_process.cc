#include "tests/support/server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "tests/support/auth.h"

namespace fazhi::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string JsonField(const std::string& line, const std::string& key) {
  std::string marker = absl::StrCat("\"", key, "\":\"");
  size_t start = line.find(marker);
  if (start == std::string::npos) return "";
  start += marker.size();
  size_t end = line.find('"', start);
  return line.substr(start, end - start);
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(const std::string& binary,
                                                                    std::vector<std::string> args,
                                                                    const std::string& log_path) {
  // Servers trust this test process's signing key unless the test configures keys itself.
  bool has_auth = false;
  for (const std::string& a : args) has_auth |= absl::StartsWith(a, "--auth_");
  if (!has_auth) {
    args.push_back(absl::StrCat("--auth_jwks_file=", TestJwksFile()));
    args.push_back("--auth_issuer=fazhi");
    args.push_back("--auth_audience=fazhi");
  }
  // A test about the listen address itself gives its own --listen.
  bool has_listen = false;
  for (const std::string& a : args) has_listen |= absl::StartsWith(a, "--listen=");
  args.insert(args.begin(), binary);
  if (!has_listen) args.push_back("--listen=127.0.0.1:0");
  args.push_back("--metrics_port=0");
  args.push_back("--metrics_address=127.0.0.1");
  auto process = std::unique_ptr<ServerProcess>(new ServerProcess);
  process->log_path_ = log_path;
  // Emptied before the child exists: the wait below must not read the "serving" line of an
  // earlier process that logged to the same path (a recycled pid in the directory name) before
  // the child gets to truncate it.
  std::ofstream(log_path, std::ios::trunc);
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    // A test that crashes must not leave its servers running.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  process->pid_ = pid;
  absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (absl::Now() < give_up) {
    for (absl::string_view line : absl::StrSplit(ReadFile(log_path), '\n')) {
      if (!absl::StrContains(line, "\"message\":\"serving\"")) continue;
      std::string l(line);
      process->grpc_address_ = JsonField(l, "grpc_address");
      std::string url = JsonField(l, "metrics_url");
      std::string port = url.substr(url.rfind(':') + 1);
      port = port.substr(0, port.find('/'));
      if (!absl::SimpleAtoi(port, &process->metrics_port_)) {
        return absl::InternalError(absl::StrCat("cannot read metrics port from: ", l));
      }
      return process;
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      process->pid_ = -1;
      return absl::InternalError(absl::StrCat(binary, " exited before serving (status ", status,
                                              "):\n", ReadFile(log_path)));
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::DeadlineExceededError(
      absl::StrCat(binary, " did not start serving within 60s:\n", ReadFile(log_path)));
}

ServerProcess::~ServerProcess() { Stop(); }

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  // The server drains for at most --drain_seconds (20 by default); one still running a minute
  // after SIGTERM is killed, and its stop counts as failed, rather than waited for forever.
  absl::Time give_up = absl::Now() + absl::Seconds(60);
  pid_t waited;
  while ((waited = waitpid(pid_, &status, WNOHANG)) == 0 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  if (waited != pid_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return -1;
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int ServerProcess::WaitForExit(absl::Duration timeout) {
  if (pid_ <= 0) return -1;
  int status = 0;
  absl::Time give_up = absl::Now() + timeout;
  pid_t waited;
  while ((waited = waitpid(pid_, &status, WNOHANG)) == 0 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  if (waited != pid_) {
    Kill();
    return -1;
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

int64_t ServerProcess::PeakMemoryBytes() const {
  std::ifstream status(absl::StrCat("/proc/", pid_, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (absl::StartsWith(line, "VmHWM:")) {
      int64_t kb = 0;
      std::string number = line.substr(6);
      number = number.substr(0, number.find("kB"));
      if (absl::SimpleAtoi(number, &kb)) return kb * 1024;
    }
  }
  return -1;
}

void ServerProcess::ResetPeakMemory() const {
  std::ofstream clear(absl::StrCat("/proc/", pid_, "/clear_refs"));
  clear << "5";
}

std::string ServerProcess::Log() const { return ReadFile(log_path_); }

std::pair<int, std::string> RunToExit(const std::string& command) {
  FILE* pipe = popen(absl::StrCat("timeout -k 5 60 ", command, " 2>&1").c_str(), "r");
  std::string out;
  if (pipe == nullptr) return {-1, out};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return {code == 124 ? -1 : code, out};
}

absl::StatusOr<std::string> HttpGet(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  // A server that accepts and never answers fails the read after 10 s instead of hanging it.
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("cannot connect to port ", port));
  }
  std::string request =
      absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return absl::UnavailableError("short write");
  }
  std::string response;
  char buf[8192];
  ssize_t n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) response.append(buf, n);
  close(fd);
  size_t body = response.find("\r\n\r\n");
  if (body == std::string::npos || !absl::StartsWith(response, "HTTP/1.") ||
      response.find(" 200 ") > response.find("\r\n")) {
    return absl::InternalError(absl::StrCat("bad HTTP response: ", response.substr(0, 200)));
  }
  return response.substr(body + 4);
}

std::string Sample::Label(const std::string& key) const {
  for (const auto& [k, v] : labels) {
    if (k == key) return v;
  }
  return "";
}

absl::StatusOr<std::vector<Sample>> ParsePrometheusText(const std::string& text) {
  static const std::regex kHelp(R"(^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$)");
  static const std::regex kType(
      R"(^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)$)");
  static const std::regex kSample(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?[0-9]+)?$)");
  static const std::regex kLabel(R"re(^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$))re");
  std::vector<Sample> samples;
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++number;
    std::string line(raw);
    if (line.empty()) continue;
    if (absl::StartsWith(line, "#")) {
      if (absl::StartsWith(line, "# HELP ")   ? std::regex_match(line, kHelp)
          : absl::StartsWith(line, "# TYPE ") ? std::regex_match(line, kType)
                                              : true) {
        continue;
      }
      return absl::InvalidArgumentError(absl::StrCat("line ", number, ": ", line));
    }
    std::smatch m;
    if (!std::regex_match(line, m, kSample)) {
      return absl::InvalidArgumentError(absl::StrCat("line ", number, ": ", line));
    }
    Sample s;
    s.name = m[1];
    std::string labels = m[3];
    while (!labels.empty()) {
      std::smatch lm;
      if (!std::regex_search(labels, lm, kLabel)) {
        return absl::InvalidArgumentError(absl::StrCat("line ", number, ": bad labels: ", line));
      }
      s.labels.emplace_back(lm[1], lm[2]);
      labels = lm.suffix();
    }
    // Values parse as Go's strconv.ParseFloat does (Prometheus's own parser): NaN and Inf in any
    // letter case, which is how prometheus-cpp writes an empty summary ("Nan").
    std::string value = m[4];
    if (!absl::SimpleAtod(value, &s.value)) {
      return absl::InvalidArgumentError(absl::StrCat("line ", number, ": bad value: ", line));
    }
    samples.push_back(std::move(s));
  }
  return samples;
}

}  // namespace fazhi::testing

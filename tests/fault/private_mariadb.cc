#include "tests/fault/private_mariadb.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace fazhi::testing {
namespace {

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Small logs and buffer pool: a fault test writes tens of thousands of rows, not millions, and
// several of these servers may run beside the shared one.
const std::vector<std::string>& InnodbFlags() {
  static const auto* flags =
      new std::vector<std::string>{"--innodb-log-file-size=16M", "--innodb-buffer-pool-size=64M"};
  return *flags;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PrivateMariaDb>> PrivateMariaDb::Start(const std::string& name) {
  auto server = std::unique_ptr<PrivateMariaDb>(new PrivateMariaDb);
  server->dir_ = (std::filesystem::temp_directory_path() /
                  absl::StrCat("fazhi-fault-mariadb-", name, "-", getpid()))
                     .string();
  std::error_code ec;
  std::filesystem::remove_all(server->dir_, ec);
  // Its own temporary directory: two servers bootstrapping at once (ctest -j) in a shared /tmp
  // once failed on each other's temporary tables.
  std::filesystem::create_directories(server->dir_ + "/tmp");
  std::string install = absl::StrCat(
      "mariadb-install-db --user=root --datadir=", server->dir_,
      "/data --auth-root-authentication-method=normal --skip-test-db --tmpdir=", server->dir_,
      "/tmp ", InnodbFlags()[0], " >", server->dir_, "/install.log 2>&1");
  if (std::system(install.c_str()) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("mariadb-install-db failed (scripts/bootstrap installs mariadb-server):\n",
                     ReadFile(server->dir_ + "/install.log")));
  }
  server->port_ = FreePort();
  if (absl::Status s = server->Launch(); !s.ok()) return s;
  std::string grant = absl::StrCat("mariadb --no-defaults --socket=", server->dir_,
                                   "/mysqld.sock -uroot -e \""
                                   "CREATE USER 'fazhi'@'127.0.0.1' IDENTIFIED BY 'fazhi';"
                                   "CREATE USER 'fazhi'@'localhost' IDENTIFIED BY 'fazhi';"
                                   "GRANT ALL PRIVILEGES ON *.* TO 'fazhi'@'127.0.0.1';"
                                   "GRANT ALL PRIVILEGES ON *.* TO 'fazhi'@'localhost';\"");
  if (std::system(grant.c_str()) != 0) return absl::InternalError("cannot create user fazhi");
  return server;
}

absl::Status PrivateMariaDb::Launch() {
  std::vector<std::string> args = {
      "mariadbd",
      "--no-defaults",
      "--user=root",
      absl::StrCat("--datadir=", dir_, "/data"),
      absl::StrCat("--socket=", dir_, "/mysqld.sock"),
      absl::StrCat("--port=", port_),
      "--bind-address=127.0.0.1",
      absl::StrCat("--pid-file=", dir_, "/mariadbd.pid"),
      absl::StrCat("--tmpdir=", dir_, "/tmp"),
      absl::StrCat("--log-error=", dir_, "/error.log"),
      "--character-set-server=utf8mb4",
      "--collation-server=utf8mb4_unicode_ci",
      "--max-connections=500",
  };
  for (const std::string& f : InnodbFlags()) args.push_back(f);
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    // A test that crashes must not leave its database running.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp("mariadbd", argv.data());
    _exit(127);
  }
  pid_ = pid;
  return WaitUntilAnswering();
}

absl::Status PrivateMariaDb::WaitUntilAnswering() {
  std::string ping = absl::StrCat("mariadb-admin --no-defaults --socket=", dir_,
                                  "/mysqld.sock -uroot ping >/dev/null 2>&1");
  absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (absl::Now() < give_up) {
    if (std::system(ping.c_str()) == 0) return absl::OkStatus();
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::InternalError(
          absl::StrCat("mariadbd exited during start-up:\n", ReadFile(dir_ + "/error.log")));
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("mariadbd did not answer within 60s:\n", ReadFile(dir_ + "/error.log")));
}

void PrivateMariaDb::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

absl::Status PrivateMariaDb::Restart() {
  Kill();
  return Launch();
}

std::string PrivateMariaDb::admin_url() const {
  return absl::StrCat("mysql://fazhi:fazhi@127.0.0.1:", port_, "/mysql");
}

void PrivateMariaDb::UseForTestDatabases() const {
  setenv("FAZHI_TEST_BACKEND", "mysql", 1);
  setenv("FAZHI_TEST_MYSQL_URL", admin_url().c_str(), 1);
}

PrivateMariaDb::~PrivateMariaDb() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    absl::Time give_up = absl::Now() + absl::Seconds(30);
    pid_t waited;
    while ((waited = waitpid(pid_, nullptr, WNOHANG)) == 0 && absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    if (waited == pid_) {
      pid_ = -1;
    } else {
      Kill();
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace fazhi::testing

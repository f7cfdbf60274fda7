#include "tests/support/browser.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace fazhi::testing {
namespace {

constexpr absl::Duration kTimeout = absl::Seconds(60);

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The last lines of a log, for an error message: chromium logs a lot (dbus complaints and the
// like) before what matters.
std::string Tail(const std::string& text, size_t max_chars = 2000) {
  if (text.size() <= max_chars) return text;
  return absl::StrCat("...", text.substr(text.size() - max_chars));
}

// A fresh directory under the system's temporary directory, removed when it goes out of scope.
class TempDir {
 public:
  static absl::StatusOr<std::unique_ptr<TempDir>> Create() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "fazhi-browser-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return absl::InternalError(
          absl::StrCat("cannot create a temporary directory ", pattern, ": ", strerror(errno)));
    }
    return std::unique_ptr<TempDir>(new TempDir(pattern));
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Runs argv with stdout and stderr to files, in a process group of its own so that a timeout
// kills chromium's helper processes too. Returns the exit status; an error if it could not run,
// was killed by a signal or did not finish within the timeout.
absl::StatusOr<int> Run(const std::vector<std::string>& argv, const std::string& stdout_path,
                        const std::string& stderr_path) {
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError(absl::StrCat("fork failed: ", strerror(errno)));
  if (pid == 0) {
    setpgid(0, 0);
    // A test that crashes must not leave a browser running.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int out = open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int null = open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || null < 0) _exit(126);
    dup2(null, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    std::vector<std::string> args = argv;
    std::vector<char*> cargv;
    for (std::string& a : args) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    execv(cargv[0], cargv.data());
    _exit(127);
  }
  setpgid(pid, pid);  // Also here, so the group exists whichever of the two runs first.
  absl::Time give_up = absl::Now() + kTimeout;
  int status = 0;
  while (true) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) {
      return absl::InternalError(absl::StrCat("waitpid failed: ", strerror(errno)));
    }
    if (absl::Now() >= give_up) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      return absl::DeadlineExceededError(
          absl::StrCat(argv[0], " did not finish within ", absl::FormatDuration(kTimeout),
                       " and was killed; its stderr:\n", Tail(ReadFile(stderr_path))));
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  // Helper processes chromium left behind (it normally reaps its own) go with the group.
  kill(-pid, SIGKILL);
  if (WIFSIGNALED(status)) {
    return absl::InternalError(absl::StrCat(argv[0], " was killed by signal ", WTERMSIG(status),
                                            "; its stderr:\n", Tail(ReadFile(stderr_path))));
  }
  return WEXITSTATUS(status);
}

// Runs chromium headless on the page with extra flags in a fresh temporary directory; returns
// its stdout. The page is written there as page.html.
absl::StatusOr<std::string> RunChromium(const TempDir& dir, const std::string& html,
                                        std::vector<std::string> flags) {
  std::string binary = ChromiumBinary();
  if (access(binary.c_str(), X_OK) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "chromium is not installed (no executable ", binary,
        "); run scripts/bootstrap as root, which installs Debian's chromium and fonts-noto-cjk"));
  }
  std::string page = absl::StrCat(dir.path(), "/page.html");
  {
    std::ofstream out(page, std::ios::binary);
    out << html;
    if (!out.good()) return absl::InternalError(absl::StrCat("cannot write ", page));
  }
  std::vector<std::string> argv = {
      binary,
      "--headless",
      // chromium refuses to run as root without this; the page is our own, from a file.
      "--no-sandbox",
      "--disable-gpu",
      // A private profile, so that runs neither share state nor touch the user's.
      absl::StrCat("--user-data-dir=", dir.path(), "/profile"),
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-extensions",
      "--disable-background-networking",
      "--disable-sync",
      "--mute-audio",
      "--hide-scrollbars",
  };
  for (std::string& f : flags) argv.push_back(std::move(f));
  argv.push_back(absl::StrCat("file://", page));
  std::string out_path = absl::StrCat(dir.path(), "/stdout");
  std::string err_path = absl::StrCat(dir.path(), "/stderr");
  absl::StatusOr<int> code = Run(argv, out_path, err_path);
  if (!code.ok()) return code.status();
  if (*code != 0) {
    return absl::InternalError(absl::StrCat(absl::StrJoin(argv, " "), " exited with status ", *code,
                                            "; its stderr:\n", Tail(ReadFile(err_path))));
  }
  return ReadFile(out_path);
}

}  // namespace

std::string ChromiumBinary() {
  const char* env = std::getenv("FAZHI_CHROMIUM");
  if (env != nullptr && *env != '\0') return env;
  return "/usr/bin/chromium";
}

absl::StatusOr<std::string> RenderedDom(const std::string& html) {
  absl::StatusOr<std::unique_ptr<TempDir>> dir = TempDir::Create();
  if (!dir.ok()) return dir.status();
  absl::StatusOr<std::string> dom = RunChromium(**dir, html, {"--dump-dom"});
  if (!dom.ok()) return dom.status();
  if (dom->find("<html") == std::string::npos) {
    return absl::InternalError(
        absl::StrCat("chromium --dump-dom printed no document: ", Tail(*dom)));
  }
  return dom;
}

absl::Status Screenshot(const std::string& html, const std::string& png_path, int width,
                        int height) {
  if (width <= 0 || height <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("screenshot size must be positive, not ", width, "x", height));
  }
  absl::StatusOr<std::unique_ptr<TempDir>> dir = TempDir::Create();
  if (!dir.ok()) return dir.status();
  std::string shot = absl::StrCat((*dir)->path(), "/screenshot.png");
  absl::StatusOr<std::string> out = RunChromium(
      **dir, html,
      {absl::StrCat("--screenshot=", shot), absl::StrCat("--window-size=", width, ",", height),
       "--force-device-scale-factor=1"});
  if (!out.ok()) return out.status();
  std::string png = ReadFile(shot);
  if (png.size() < 8 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) {
    return absl::InternalError(absl::StrCat("chromium --screenshot wrote no PNG to ", shot,
                                            "; its stderr:\n",
                                            Tail(ReadFile((*dir)->path() + "/stderr"))));
  }
  std::ofstream dest(png_path, std::ios::binary);
  dest << png;
  dest.close();
  if (!dest.good()) return absl::InternalError(absl::StrCat("cannot write ", png_path));
  return absl::OkStatus();
}

absl::StatusOr<std::string> MatchFont(const std::string& family) {
  const std::string binary = "/usr/bin/fc-match";
  if (access(binary.c_str(), X_OK) != 0) {
    return absl::FailedPreconditionError(
        "fc-match is not installed; run scripts/bootstrap as root, which installs fontconfig and "
        "fonts-noto-cjk");
  }
  absl::StatusOr<std::unique_ptr<TempDir>> dir = TempDir::Create();
  if (!dir.ok()) return dir.status();
  std::string out_path = absl::StrCat((*dir)->path(), "/stdout");
  std::string err_path = absl::StrCat((*dir)->path(), "/stderr");
  absl::StatusOr<int> code = Run({binary, family}, out_path, err_path);
  if (!code.ok()) return code.status();
  if (*code != 0) {
    return absl::InternalError(absl::StrCat("fc-match \"", family, "\" exited with status ", *code,
                                            ": ", ReadFile(err_path)));
  }
  std::string out = ReadFile(out_path);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::vector<std::string> ElementTexts(const std::string& dom, const std::string& tag) {
  std::regex re(absl::StrCat("<", tag, "(?:\\s[^>]*)?>([^<]*)</", tag, ">"));
  std::vector<std::string> texts;
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), re); it != std::sregex_iterator();
       ++it) {
    texts.push_back((*it)[1].str());
  }
  return texts;
}

}  // namespace fazhi::testing

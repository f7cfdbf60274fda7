#ifndef FAZHI_TESTS_SUPPORT_BROWSER_H_
#define FAZHI_TESTS_SUPPORT_BROWSER_H_

// Opens a page in a real browser: Debian's chromium, headless, as scripts/bootstrap installs it
// (with fonts-noto-cjk for the Chinese text). Each call writes the page to a fresh temporary
// directory, runs chromium there with a private profile (--user-data-dir) and kills it after
// 60 s. A missing chromium is an error telling to run scripts/bootstrap, never a skip: a browser
// test that silently does not run proves nothing.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace fazhi::testing {

// The chromium binary: $FAZHI_CHROMIUM if set, else /usr/bin/chromium.
std::string ChromiumBinary();

// The page's DOM after chromium has loaded and laid it out (chromium --dump-dom), serialized as
// HTML.
absl::StatusOr<std::string> RenderedDom(const std::string& html);

// A PNG of the page's first width x height CSS pixels, written to png_path.
absl::Status Screenshot(const std::string& html, const std::string& png_path, int width,
                        int height);

// The font fontconfig picks for a family name (fc-match "<family>"), e.g.
// `NotoSerifCJK-Regular.ttc: "Noto Serif CJK SC" "Regular"`; chromium finds fonts through
// fontconfig, so this is the font it draws that family with.
absl::StatusOr<std::string> MatchFont(const std::string& family);

// The text of every <tag ...>...</tag> element of a serialized DOM, in document order. Good
// enough for chromium's serialization of a report page: these tags hold no nested elements.
std::vector<std::string> ElementTexts(const std::string& dom, const std::string& tag);

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_BROWSER_H_

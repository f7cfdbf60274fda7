#include "common/app/request_key.h"

#include <openssl/sha.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace fazhi::app {

std::string RequestKey(const Caller& caller, absl::string_view request_id) {
  if (request_id.empty()) return "";
  // A person's account and a service's certificate name may be spelled alike; they are
  // different callers.
  std::string who = !caller.principal                   ? "anonymous:"
                    : caller.principal->service_account ? "service:"
                                                        : "user:";
  if (caller.principal) who += caller.principal->subject;
  std::string text;
  for (absl::string_view part :
       {absl::string_view(who), absl::string_view(caller.audit.rpc), request_id}) {
    absl::StrAppend(&text, part.size(), ":", part, ";");
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

}  // namespace fazhi::app

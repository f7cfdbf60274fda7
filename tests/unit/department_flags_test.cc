#include "common/directory/department_flags.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/flags/reflection.h"

namespace fazhi::directory {
namespace {

void SetFlag(const std::string& name, const std::string& value) {
  absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
  ASSERT_NE(flag, nullptr) << name;
  std::string error;
  ASSERT_TRUE(flag->ParseFrom(value, &error)) << name << ": " << error;
}

TEST(DepartmentFlagsTest, DefaultsToThePlaintextLocalService) {
  absl::FlagSaver restore;
  DepartmentDirectoryOptions options = DepartmentDirectoryOptionsFromFlags();
  EXPECT_EQ(options.address, "127.0.0.1:50051");
  EXPECT_EQ(options.token_file, "");
  EXPECT_EQ(options.tls.ca_file, "");
  EXPECT_EQ(options.tls.cert_file, "");
  EXPECT_EQ(options.tls.key_file, "");
  EXPECT_EQ(options.refresh_interval, absl::Seconds(30));
  EXPECT_EQ(options.call_timeout, absl::Seconds(5));
}

TEST(DepartmentFlagsTest, CarriesEveryFlagIntoTheOptions) {
  absl::FlagSaver restore;
  SetFlag("department_address", "department.fazhi.svc:50051");
  SetFlag("department_token_file", "/var/run/secrets/fazhi/statistics.token");
  SetFlag("department_ca_file", "/pki/ca.pem");
  SetFlag("department_cert_file", "/pki/client.pem");
  SetFlag("department_key_file", "/pki/client.key");
  DepartmentDirectoryOptions options = DepartmentDirectoryOptionsFromFlags();
  EXPECT_EQ(options.address, "department.fazhi.svc:50051");
  EXPECT_EQ(options.token_file, "/var/run/secrets/fazhi/statistics.token");
  EXPECT_EQ(options.tls.ca_file, "/pki/ca.pem");
  EXPECT_EQ(options.tls.cert_file, "/pki/client.pem");
  EXPECT_EQ(options.tls.key_file, "/pki/client.key");
}

}  // namespace
}  // namespace fazhi::directory

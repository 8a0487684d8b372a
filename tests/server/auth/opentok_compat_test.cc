// Verifies tokens and REST JWTs minted by the official Node server SDK
// `opentok` 2.23.2 (through tests/compat/mint-tokens.mjs). Skips, with the
// reason, when `node` or the npm package is not installed.
#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>

#include "auth_test_support.h"
#include "server/auth/verifier.h"

namespace sessioncore::server::auth {
namespace {

using testing::ApplicationKey;
using testing::kApiKey;
using testing::kApiSecret;
using testing::kApplicationId;

// Returns the repository root, since this file is tests/server/auth/*.cc
// under it.
std::string RepositoryRoot() {
  std::string path = __FILE__;
  for (int i = 0; i < 4; ++i) {
    size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    path.resize(slash);
  }
  return path;
}

struct NodeRun {
  int exit_code = -1;
  std::string output;
};

NodeRun RunNode(const std::string& script, const std::string& input_path) {
  std::string command =
      "node '" + script + "' '" + input_path + "' 2>/dev/null";
  NodeRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t count = 0;
  while ((count = fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    run.output.append(buffer, count);
  }
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class OpenTokCompatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(verifier_.AddProject(kApiKey, kApiSecret).ok());
    ASSERT_TRUE(
        verifier_.AddApplication(kApplicationId, ApplicationKey().PublicPem())
            .ok());
    session_id_ = testing::NewSessionId();
    application_session_id_ = testing::NewSessionId(kApplicationId);
    now_ = static_cast<UnixSeconds>(std::time(nullptr));
  }

  // Runs the minting script and stores its JSON output in `minted_`, or
  // returns false with the reason to skip in `skip_reason_`.
  bool Mint() {
    std::string script = RepositoryRoot() + "/tests/compat/mint-tokens.mjs";
    if (access(script.c_str(), R_OK) != 0) {
      skip_reason_ = "cannot read " + script;
      return false;
    }

    nlohmann::json input = {
        {"apiKey", kApiKey},
        {"apiSecret", kApiSecret},
        {"sessionId", session_id_},
        {"foreignSessionId", testing::NewSessionId("99999")},
        {"applicationId", kApplicationId},
        {"applicationPrivateKey", ApplicationKey().PrivatePem()},
        {"applicationSessionId", application_session_id_}};
    char input_path[] = "/tmp/opentok-compat-XXXXXX";
    int fd = mkstemp(input_path);
    if (fd < 0) {
      skip_reason_ = "mkstemp failed";
      return false;
    }
    close(fd);
    std::ofstream(input_path) << input.dump();

    NodeRun run = RunNode(script, input_path);
    unlink(input_path);
    if (run.exit_code == 127) skip_reason_ = "node is not installed";
    if (run.exit_code == 3) {
      skip_reason_ = "the opentok npm package is not installed (npm ci)";
    }
    if (!skip_reason_.empty()) return false;

    EXPECT_EQ(run.exit_code, 0) << run.output;
    minted_ = nlohmann::json::parse(run.output, nullptr, false);
    EXPECT_TRUE(minted_.is_object()) << run.output;
    return minted_.is_object();
  }

  std::string Minted(const char* name) const {
    auto it = minted_.find(name);
    if (it == minted_.end() || !it->is_string()) return "";
    return it->get<std::string>();
  }

  Verifier verifier_;
  std::string session_id_;
  std::string application_session_id_;
  UnixSeconds now_ = 0;
  nlohmann::json minted_;
  std::string skip_reason_;
};

TEST_F(OpenTokCompatTest, VerifiesSdkTokens) {
  if (!Mint()) {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
    return;
  }
  struct Case {
    const char* name;
    TokenFormat format;
    Role role;
    std::string connection_data;
    std::string layout;
  };
  const Case cases[] = {
      {"jwt", TokenFormat::kProjectJwt, Role::kPublisher, "", ""},
      {"t1", TokenFormat::kT1, Role::kPublisher, "", ""},
      {"jwtWithOptions", TokenFormat::kProjectJwt, Role::kModerator,
       "name=Ada Lovelace&team=\xc3\xa9quipe", "focus full"},
      {"t1WithOptions", TokenFormat::kT1, Role::kModerator,
       "name=Ada Lovelace&team=\xc3\xa9quipe", "focus full"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<VerifiedToken> verified =
        verifier_.VerifySessionToken(Minted(c.name), session_id_, now_);
    ASSERT_TRUE(verified.ok()) << verified.status();
    EXPECT_EQ(verified->format, c.format);
    EXPECT_EQ(verified->api_key, kApiKey);
    EXPECT_EQ(verified->session_id, session_id_);
    EXPECT_EQ(verified->role, c.role);
    EXPECT_EQ(verified->connection_data, c.connection_data);
    EXPECT_EQ(verified->initial_layout_class_list, c.layout);
  }
}

TEST_F(OpenTokCompatTest, VerifiesSdkApplicationToken) {
  if (!Mint()) {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
    return;
  }
  absl::StatusOr<VerifiedToken> verified = verifier_.VerifySessionToken(
      Minted("applicationJwt"), application_session_id_, now_);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->format, TokenFormat::kApplicationJwt);
  EXPECT_EQ(verified->api_key, kApplicationId);
  EXPECT_EQ(verified->role, Role::kSubscriber);
  EXPECT_EQ(verified->connection_data, "app-user");
}

TEST_F(OpenTokCompatTest, RejectsSdkTokenForOtherSession) {
  if (!Mint()) {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
    return;
  }
  absl::StatusOr<VerifiedToken> verified = verifier_.VerifySessionToken(
      Minted("jwt"), testing::NewSessionId(), now_);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.status().message().rfind("session mismatch", 0), 0u);
}

TEST_F(OpenTokCompatTest, AuthenticatesSdkRestHeaders) {
  if (!Mint()) {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
    return;
  }
  RestAuthHeaders project;
  project.x_opentok_auth = Minted("restJwt");
  absl::StatusOr<RestPrincipal> principal =
      verifier_.AuthenticateRest(project, now_);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->kind, RestPrincipal::Kind::kProject);
  EXPECT_EQ(principal->id, kApiKey);

  RestAuthHeaders application;
  application.authorization = "Bearer " + Minted("applicationRestJwt");
  principal = verifier_.AuthenticateRest(application, now_);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->kind, RestPrincipal::Kind::kApplication);
  EXPECT_EQ(principal->id, kApplicationId);
}

TEST_F(OpenTokCompatTest, SdkFindsApiKeyInSessionId) {
  if (!Mint()) {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
    return;
  }
  // The SDK mints for our session IDs only because it decodes our API key
  // out of them, and refuses a session ID that carries another key.
  EXPECT_FALSE(Minted("jwt").empty());
  ASSERT_TRUE(minted_["foreignSessionError"].is_string());
  EXPECT_NE(minted_["foreignSessionError"].get<std::string>().find(
                "belongs to the API Key"),
            std::string::npos);
}

}  // namespace
}  // namespace sessioncore::server::auth

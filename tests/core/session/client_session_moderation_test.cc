// Capabilities by role, early role checks, force mute and the moderation
// requests.
#include <gtest/gtest.h>

#include "session_test_util.h"

namespace sessioncore::session::testing {
namespace {

class ModerationTest : public SessionTest {};

TEST_F(ModerationTest, CapabilitiesFollowTheRole) {
  EXPECT_EQ(GetErrorCode(session_.GetCapabilities().status()),
            ErrorCode::kNotConnected);
  Connect(MakeSnapshot("M", Role::kModerator));
  absl::StatusOr<Json> moderator = session_.GetCapabilities();
  ASSERT_TRUE(moderator.ok());
  EXPECT_EQ((*moderator)["canForceMute"], true);
  EXPECT_EQ((*moderator)["canForceDisconnect"], true);
  EXPECT_EQ((*moderator)["forceUnpublish"], true);
  EXPECT_EQ((*moderator)["canPublish"], true);
}

TEST_F(ModerationTest, PublisherCannotModerate) {
  Connect(MakeSnapshot("P1", Role::kPublisher));
  absl::StatusOr<Json> capabilities = session_.GetCapabilities();
  ASSERT_TRUE(capabilities.ok());
  EXPECT_EQ((*capabilities)["canPublish"], true);
  EXPECT_EQ((*capabilities)["canForceMute"], false);
  session_.ForceMuteAll({}, 2);
  session_.ForceMuteStream("SX", 3);
  session_.DisableForceMute(4);
  session_.ForceDisconnect("X", 5);
  session_.ForceUnpublish("SX", 6);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 2), 1540);
  EXPECT_EQ(CompletionCode(outputs, 3), 1540);
  EXPECT_EQ(CompletionCode(outputs, 4), 1540);
  EXPECT_EQ(CompletionCode(outputs, 5), 1520);
  EXPECT_EQ(CompletionCode(outputs, 6), 1530);
  EXPECT_TRUE(OfKind(outputs, "send").empty());
}

TEST_F(ModerationTest, SubscriberRoleCannotPublish) {
  Connect(MakeSnapshot("S", Role::kSubscriber));
  EXPECT_EQ((*session_.GetCapabilities())["canPublish"], false);
  session_.Publish("pub1", Json::Object(), 2);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 2), 1500);
  EXPECT_NE(CompletionsOf(outputs, 2)[0]["error"]["message"].AsString().find(
                "subscriber"),
            std::string::npos);
  EXPECT_TRUE(OfKind(outputs, "send").empty());
}

TEST_F(ModerationTest, PublisherOnlyCannotSubscribe) {
  protocol::Snapshot snapshot = MakeSnapshot("P", Role::kPublisherOnly);
  snapshot.streams = {MakeStream("SB", "B")};
  Connect(snapshot);
  session_.Subscribe("sub1", "SB", 2);
  Outputs outputs = Take();
  EXPECT_EQ(CompletionCode(outputs, 2), 1501);
  EXPECT_TRUE(OfKind(outputs, "peer").empty());
}

TEST_F(ModerationTest, ForceMuteAllSendsExclusionsAndRelaysResult) {
  Connect(MakeSnapshot("M", Role::kModerator));
  session_.ForceMuteAll({"SP3"}, 2);
  Outputs outputs = Take();
  std::optional<protocol::ForceMuteAllRequest> sent =
      LastSent<protocol::ForceMuteAllRequest>(outputs);
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->excluded_stream_ids, std::vector<std::string>{"SP3"});
  Reply(IdOf(outputs, "forceMuteAll"), protocol::EmptyResult{});
  EXPECT_EQ(CompletionCode(Take(), 2), 0);
}

TEST_F(ModerationTest, ServerRejectionReachesTheCaller) {
  Connect(MakeSnapshot("M", Role::kModerator));
  session_.ForceMuteStream("GONE", 2);
  ReplyError(IdOf(Take(), "forceMuteStream"),
             MakeError(ErrorCode::kNotFound, "stream GONE not found"));
  EXPECT_EQ(CompletionCode(Take(), 2), 404);
}

TEST_F(ModerationTest, MuteForcedMutesOwnPublisherOnce) {
  Connect(MakeSnapshot("P1"));
  PublishAs("pub1", "SP1", "P1", 2);
  Push(protocol::MuteForcedPush{protocol::ForceMuteState{true, {"SP3"}}});
  Outputs outputs = Take();
  EXPECT_EQ(
      EventNames(outputs),
      (std::vector<std::string>{"session:muteForced", "publisher:muteForced"}));
  EXPECT_EQ(EventsNamed(outputs, "muteForced")[0]["payload"]["active"], true);
  Outputs media = OfKind(outputs, "media");
  ASSERT_EQ(media.size(), 1u);
  EXPECT_EQ(media[0]["op"], "setAudioEnabled");
  EXPECT_EQ(media[0]["publisherId"], "pub1");
  EXPECT_EQ(media[0]["enabled"], false);
  // The same state again announces nothing new.
  Push(protocol::MuteForcedPush{protocol::ForceMuteState{true, {"SP3"}}});
  EXPECT_TRUE(Take().empty());
}

TEST_F(ModerationTest, ExcludedStreamIsUntouched) {
  Connect(MakeSnapshot("P3"));
  PublishAs("pub3", "SP3", "P3", 2);
  Push(protocol::MuteForcedPush{protocol::ForceMuteState{true, {"SP3"}}});
  Outputs outputs = Take();
  EXPECT_EQ(EventNames(outputs),
            std::vector<std::string>{"session:muteForced"});
  EXPECT_TRUE(OfKind(outputs, "media").empty());
}

TEST_F(ModerationTest, PublishDuringForceMuteStartsMuted) {
  protocol::Snapshot snapshot = MakeSnapshot("P4");
  snapshot.force_mute = protocol::ForceMuteState{true, {}};
  Connect(snapshot);
  Outputs outputs = PublishAs("pub4", "SP4", "P4", 2, /*has_audio=*/false);
  EXPECT_EQ(EventNames(outputs),
            (std::vector<std::string>{"publisher:streamCreated",
                                      "publisher:muteForced"}));
  EXPECT_EQ(OfKind(outputs, "media").size(), 1u);
  // The server's own muteForced push for the new publisher adds nothing.
  Push(protocol::MuteForcedPush{protocol::ForceMuteState{true, {}}});
  EXPECT_TRUE(Take().empty());
}

TEST_F(ModerationTest, DisableForceMuteAnnouncedAndAudioStaysOff) {
  protocol::Snapshot snapshot = MakeSnapshot("P1");
  Connect(snapshot);
  PublishAs("pub1", "SP1", "P1", 2);
  Push(protocol::MuteForcedPush{protocol::ForceMuteState{true, {}}});
  Take();
  Push(protocol::MuteForcedPush{protocol::ForceMuteState{false, {}}});
  Outputs outputs = Take();
  Outputs events = EventsNamed(outputs, "muteForced");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["target"], "session");
  EXPECT_EQ(events[0]["payload"]["active"], false);
  EXPECT_TRUE(OfKind(outputs, "media").empty());
  // Unmuting by the publisher is allowed: force mute is not a lock.
  EXPECT_TRUE(session_.SetPublisherProperty("pub1", "hasAudio", true).ok());
  std::optional<protocol::UpdateStreamRequest> update =
      LastSent<protocol::UpdateStreamRequest>(Take());
  ASSERT_TRUE(update.has_value());
  EXPECT_EQ(update->value, protocol::StreamPropertyValue(true));
}

TEST_F(ModerationTest, ForceMuteStreamOnOwnStreamMutesPublisher) {
  Connect(MakeSnapshot("P2"));
  PublishAs("pub2", "SP2", "P2", 2);
  Push(protocol::StreamPropertyChangedPush{
      "SP2", protocol::StreamProperty::kHasAudio, true, false});
  Outputs outputs = Take();
  EXPECT_EQ(EventNames(outputs),
            (std::vector<std::string>{"session:streamPropertyChanged",
                                      "publisher:muteForced"}));
  EXPECT_EQ(OfKind(outputs, "media").size(), 1u);
}

TEST_F(ModerationTest, OwnMuteIsNotReportedAsForced) {
  Connect(MakeSnapshot("P2"));
  PublishAs("pub2", "SP2", "P2", 2);
  ASSERT_TRUE(session_.SetPublisherProperty("pub2", "hasAudio", false).ok());
  Take();
  Push(protocol::StreamPropertyChangedPush{
      "SP2", protocol::StreamProperty::kHasAudio, true, false});
  Outputs outputs = Take();
  EXPECT_EQ(EventNames(outputs),
            std::vector<std::string>{"session:streamPropertyChanged"});
  EXPECT_TRUE(OfKind(outputs, "media").empty());
}

TEST_F(ModerationTest, SetPublisherPropertyValidatesInput) {
  Connect(MakeSnapshot("P"));
  PublishAs("pub1", "SP", "P", 2);
  EXPECT_EQ(
      GetErrorCode(session_.SetPublisherProperty("pub1", "hasAudio", "yes")),
      ErrorCode::kInvalidParameter);
  EXPECT_EQ(GetErrorCode(session_.SetPublisherProperty("pub1", "volume", 3)),
            ErrorCode::kInvalidParameter);
  EXPECT_EQ(GetErrorCode(session_.SetPublisherProperty(
                "pub1", "videoDimensions", Json{{"width", 0}})),
            ErrorCode::kInvalidParameter);
  EXPECT_EQ(
      GetErrorCode(session_.SetPublisherProperty("nope", "hasAudio", true)),
      ErrorCode::kNotFound);
  EXPECT_TRUE(OfKind(Take(), "send").empty());
  EXPECT_TRUE(session_
                  .SetPublisherProperty("pub1", "videoDimensions",
                                        Json{{"width", 320}, {"height", 240}})
                  .ok());
  std::optional<protocol::UpdateStreamRequest> update =
      LastSent<protocol::UpdateStreamRequest>(Take());
  ASSERT_TRUE(update.has_value());
  EXPECT_EQ(update->value,
            protocol::StreamPropertyValue(VideoDimensions{320, 240}));
}

TEST_F(ModerationTest, ReportIssueReturnsIssueId) {
  Connect(MakeSnapshot("P"));
  session_.ReportIssue("no audio", 2);
  Outputs outputs = Take();
  std::optional<protocol::ReportIssueRequest> sent =
      LastSent<protocol::ReportIssueRequest>(outputs);
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->description, std::optional<std::string>("no audio"));
  Reply(IdOf(outputs, "reportIssue"), protocol::ReportIssueResult{"ISSUE-9"});
  Outputs done = Take();
  ASSERT_EQ(CompletionCode(done, 2), 0);
  EXPECT_EQ(CompletionsOf(done, 2)[0]["result"]["issueId"], "ISSUE-9");
}

}  // namespace
}  // namespace sessioncore::session::testing

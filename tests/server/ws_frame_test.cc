// Unit tests of the server's RFC 6455 frame parser and header encoder,
// fed with frames built here byte by byte as a client would send them.
#include "server/ws_frame.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace sessioncore::server {
namespace {

using Kind = WsEvent::Kind;

constexpr uint8_t kMask[4] = {0x37, 0xFA, 0x21, 0x3D};

struct FrameSpec {
  uint8_t opcode = 0x1;
  std::string payload;
  bool fin = true;
  bool masked = true;
  uint8_t reserved = 0;  // Bits 0x70 of the first byte.
  int length_form = 0;   // 0: shortest, 16 or 64: that extended form.
};

// Encodes a client frame the way RFC 6455 section 5.2 lays it out.
std::string ClientFrame(const FrameSpec& spec) {
  std::string out;
  out += static_cast<char>((spec.fin ? 0x80 : 0) | spec.reserved | spec.opcode);
  uint8_t mask_bit = spec.masked ? 0x80 : 0;
  uint64_t size = spec.payload.size();
  int form = spec.length_form;
  if (form == 0 && size < 126) {
    form = 7;
  } else if (form == 0 && size <= 0xFFFF) {
    form = 16;
  } else if (form == 0) {
    form = 64;
  }
  if (form == 7) {
    out += static_cast<char>(mask_bit | size);
  } else {
    int bytes = form == 16 ? 2 : 8;
    out += static_cast<char>(mask_bit | (form == 16 ? 126 : 127));
    for (int i = bytes - 1; i >= 0; --i) {
      out += static_cast<char>((size >> (8 * i)) & 0xFF);
    }
  }
  if (spec.masked) out.append(reinterpret_cast<const char*>(kMask), 4);
  for (std::size_t i = 0; i < spec.payload.size(); ++i) {
    char byte = spec.payload[i];
    out += spec.masked ? static_cast<char>(byte ^ kMask[i % 4]) : byte;
  }
  return out;
}

std::string Text(std::string payload, bool fin = true) {
  return ClientFrame({0x1, std::move(payload), fin});
}

// Every event that `bytes` produce when fed in pieces of `piece` bytes.
std::vector<WsEvent> ParseAll(WsFrameParser& parser, const std::string& bytes,
                              std::size_t piece = SIZE_MAX) {
  std::vector<WsEvent> events;
  std::string_view rest = bytes;
  while (!rest.empty()) {
    std::string_view input = rest.substr(0, piece);
    rest.remove_prefix(input.size());
    for (;;) {
      WsEvent event = parser.Next(input);
      if (event.kind == Kind::kNeedMore) break;
      events.push_back(std::move(event));
    }
  }
  return events;
}

std::vector<WsEvent> ParseAll(const std::string& bytes,
                              std::size_t piece = SIZE_MAX) {
  WsFrameParser parser(1024, 16 * 1024);
  return ParseAll(parser, bytes, piece);
}

// The single event that `bytes` produce, which must be a violation.
WsEvent OnlyViolation(const std::string& bytes) {
  std::vector<WsEvent> events = ParseAll(bytes);
  EXPECT_EQ(events.size(), 1u);
  if (events.empty()) return {};
  EXPECT_EQ(events[0].kind, Kind::kViolation) << events[0].payload;
  return events[0];
}

TEST(WsFrameParser, ReadsMaskedTextFrame) {
  std::vector<WsEvent> events = ParseAll(Text("{\"v\":1}"));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::kText);
  EXPECT_EQ(events[0].payload, "{\"v\":1}");
  EXPECT_EQ(events[0].size, 7u);
}

TEST(WsFrameParser, ReadsEveryLengthForm) {
  for (std::size_t size : {0, 125, 126, 1000, 65535, 65536, 70000}) {
    WsFrameParser parser(100000, 200000);
    std::vector<WsEvent> events =
        ParseAll(parser, Text(std::string(size, 'a')));
    ASSERT_EQ(events.size(), 1u) << size;
    EXPECT_EQ(events[0].kind, Kind::kText) << size;
    EXPECT_EQ(events[0].payload.size(), size);
    EXPECT_TRUE(parser.Idle()) << size;
  }
}

TEST(WsFrameParser, SplitByteByByteGivesSameEvents) {
  std::string bytes = Text("first") + ClientFrame({0x9, "hi"}) +
                      Text(std::string(300, 'x')) + ClientFrame({0x2, "\x01"});
  for (std::size_t piece : {1, 2, 3, 7, 13}) {
    std::vector<WsEvent> events = ParseAll(bytes, piece);
    ASSERT_EQ(events.size(), 4u) << piece;
    EXPECT_EQ(events[0].payload, "first");
    EXPECT_EQ(events[1].kind, Kind::kPing);
    EXPECT_EQ(events[1].payload, "hi");
    EXPECT_EQ(events[2].payload, std::string(300, 'x'));
    EXPECT_EQ(events[3].kind, Kind::kBinary);
  }
}

TEST(WsFrameParser, JoinsFragmentsAroundControlFrames) {
  std::string bytes = Text("par", false) + ClientFrame({0x9, "p"}) +
                      ClientFrame({0x0, "ts ", false}) +
                      ClientFrame({0xA, ""}) + ClientFrame({0x0, "joined"});
  std::vector<WsEvent> events = ParseAll(bytes, 5);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind, Kind::kPing);
  EXPECT_EQ(events[1].kind, Kind::kPong);
  EXPECT_EQ(events[2].kind, Kind::kText);
  EXPECT_EQ(events[2].payload, "parts joined");
}

TEST(WsFrameParser, IdleOnlyBetweenFrames) {
  WsFrameParser parser(1024, 4096);
  std::string bytes = Text("abc");
  std::string_view first = std::string_view(bytes).substr(0, 4);
  EXPECT_EQ(parser.Next(first).kind, Kind::kNeedMore);
  EXPECT_FALSE(parser.Idle());
  std::string_view rest = std::string_view(bytes).substr(4);
  EXPECT_EQ(parser.Next(rest).kind, Kind::kText);
  EXPECT_TRUE(parser.Idle());
}

TEST(WsFrameParser, RejectsUnmaskedFrame) {
  WsEvent event = OnlyViolation(ClientFrame({0x1, "hi", true, false}));
  EXPECT_EQ(event.code, kWsCloseProtocolError);
  EXPECT_NE(event.payload.find("not masked"), std::string::npos);
}

TEST(WsFrameParser, RejectsReservedBits) {
  for (uint8_t bits : {0x10, 0x20, 0x40}) {
    WsEvent event = OnlyViolation(ClientFrame({0x1, "hi", true, true, bits}));
    EXPECT_EQ(event.code, kWsCloseProtocolError) << int{bits};
    EXPECT_NE(event.payload.find("reserved bits"), std::string::npos);
  }
}

TEST(WsFrameParser, RejectsReservedOpcodes) {
  for (uint8_t opcode : {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
    WsEvent event = OnlyViolation(ClientFrame({opcode, ""}));
    EXPECT_EQ(event.code, kWsCloseProtocolError) << int{opcode};
    EXPECT_NE(event.payload.find("opcode " + std::to_string(opcode)),
              std::string::npos)
        << event.payload;
  }
}

TEST(WsFrameParser, RejectsFragmentedControlFrame) {
  WsEvent event = OnlyViolation(ClientFrame({0x9, "p", false}));
  EXPECT_EQ(event.code, kWsCloseProtocolError);
  EXPECT_NE(event.payload.find("fragmented"), std::string::npos);
}

TEST(WsFrameParser, RejectsControlFrameOver125Bytes) {
  std::vector<WsEvent> ok = ParseAll(ClientFrame({0x9, std::string(125, 'p')}));
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].kind, Kind::kPing);
  WsEvent event = OnlyViolation(ClientFrame({0x9, std::string(126, 'p')}));
  EXPECT_EQ(event.code, kWsCloseProtocolError);
  EXPECT_NE(event.payload.find("126 bytes"), std::string::npos);
}

TEST(WsFrameParser, RejectsContinuationWithoutMessage) {
  WsEvent event = OnlyViolation(ClientFrame({0x0, "x"}));
  EXPECT_EQ(event.code, kWsCloseProtocolError);
  EXPECT_NE(event.payload.find("continuation"), std::string::npos);
}

TEST(WsFrameParser, RejectsNewMessageInsideFragmented) {
  WsEvent event = OnlyViolation(Text("a", false) + Text("b"));
  EXPECT_EQ(event.code, kWsCloseProtocolError);
  EXPECT_NE(event.payload.find("fragmented message"), std::string::npos);
}

TEST(WsFrameParser, RejectsNonMinimalLengths) {
  WsEvent short16 = OnlyViolation(ClientFrame({0x1, "abc", true, true, 0, 16}));
  EXPECT_EQ(short16.code, kWsCloseProtocolError);
  EXPECT_NE(short16.payload.find("16-bit"), std::string::npos);
  WsEvent short64 = OnlyViolation(ClientFrame({0x1, "abc", true, true, 0, 64}));
  EXPECT_EQ(short64.code, kWsCloseProtocolError);
  EXPECT_NE(short64.payload.find("64-bit"), std::string::npos);
}

TEST(WsFrameParser, RejectsLengthWithTopBitSet) {
  // A masked text frame: the 64-bit size, then the 4-byte masking key.
  std::string bytes = {'\x81', '\xFF', '\x80', 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4};
  WsEvent event = OnlyViolation(bytes);
  EXPECT_EQ(event.code, kWsCloseProtocolError);
  EXPECT_NE(event.payload.find("most significant bit"), std::string::npos);
}

TEST(WsFrameParser, MessageOverMaximumGets1009) {
  WsFrameParser parser(1024, 4096);
  std::vector<WsEvent> exact = ParseAll(parser, Text(std::string(4096, 'x')));
  ASSERT_EQ(exact.size(), 1u);
  EXPECT_EQ(exact[0].kind, Kind::kText);
  std::vector<WsEvent> events = ParseAll(parser, Text(std::string(4097, 'x')));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::kViolation);
  EXPECT_EQ(events[0].code, kWsCloseMessageTooBig);
  EXPECT_NE(events[0].payload.find("limit of 4096"), std::string::npos);
}

TEST(WsFrameParser, FragmentsOverMaximumGet1009) {
  WsFrameParser parser(1024, 4096);
  std::string bytes = Text(std::string(3000, 'x'), false) +
                      ClientFrame({0x0, std::string(1100, 'x')});
  std::vector<WsEvent> events = ParseAll(parser, bytes);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].code, kWsCloseMessageTooBig);
}

TEST(WsFrameParser, OversizeMessageReportsOnlyItsSize) {
  WsFrameParser parser(1024, 4096);
  std::string bytes = Text(std::string(1000, 'x'), false) +
                      ClientFrame({0x0, std::string(1000, 'y')}) + Text("ok");
  std::vector<WsEvent> events = ParseAll(parser, bytes, 100);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::kText);
  EXPECT_EQ(events[0].size, 2000u);
  EXPECT_TRUE(events[0].payload.empty());
  EXPECT_EQ(events[1].payload, "ok");
}

TEST(WsFrameParser, InvalidUtf8Gets1007) {
  WsEvent event = OnlyViolation(Text("ok \xC3\x28"));
  EXPECT_EQ(event.code, kWsCloseInvalidPayload);
  EXPECT_NE(event.payload.find("utf8"), std::string::npos);
}

TEST(WsFrameParser, InvalidUtf8InDroppedBytesGets1007) {
  WsFrameParser parser(16, 4096);
  std::string text(2000, 'x');
  text[1500] = '\xFF';
  std::vector<WsEvent> events = ParseAll(parser, Text(text));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].code, kWsCloseInvalidPayload);
}

TEST(WsFrameParser, CharacterSplitAcrossFragments) {
  std::string euro = "\xE2\x82\xAC";
  std::string bytes = Text("a" + euro.substr(0, 1), false) +
                      ClientFrame({0x0, euro.substr(1) + "b"});
  std::vector<WsEvent> events = ParseAll(bytes);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].payload, "a" + euro + "b");
}

TEST(WsFrameParser, MessageEndingInsideCharacterGets1007) {
  WsEvent event = OnlyViolation(Text("a\xE2\x82"));
  EXPECT_EQ(event.code, kWsCloseInvalidPayload);
}

TEST(WsFrameParser, BinaryIsNotValidatedAsText) {
  std::vector<WsEvent> events = ParseAll(ClientFrame({0x2, "\xFF\xC3\x28"}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::kBinary);
  EXPECT_EQ(events[0].payload, "\xFF\xC3\x28");
}

TEST(WsFrameParser, CloseWithoutBodyReports1005) {
  std::vector<WsEvent> events = ParseAll(ClientFrame({0x8, ""}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::kClose);
  EXPECT_EQ(events[0].code, kWsCloseNoStatus);
}

TEST(WsFrameParser, CloseReadsCodeAndReason) {
  std::vector<WsEvent> events =
      ParseAll(ClientFrame({0x8, std::string("\x0F\xA0", 2) + "bye"}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::kClose);
  EXPECT_EQ(events[0].code, 4000);
  EXPECT_EQ(events[0].payload, "bye");
}

TEST(WsFrameParser, RejectsBadCloseBodies) {
  struct Case {
    std::string body;
    uint16_t expected;
  } cases[] = {
      {"\x03", kWsCloseProtocolError},
      {std::string("\x03\xED", 2), kWsCloseProtocolError},  // 1005
      {std::string("\x03\xEE", 2), kWsCloseProtocolError},  // 1006
      {std::string("\x03\xE7", 2), kWsCloseProtocolError},  // 999
      {std::string("\x07\xD0", 2), kWsCloseProtocolError},  // 2000
      {std::string("\x13\x88", 2), kWsCloseProtocolError},  // 5000
      {std::string("\x03\xE8\xC3\x28", 4), kWsCloseInvalidPayload},
  };
  for (const Case& c : cases) {
    WsEvent event = OnlyViolation(ClientFrame({0x8, c.body}));
    EXPECT_EQ(event.code, c.expected) << event.payload;
  }
}

TEST(WsFrameParser, ViolationStopsParsing) {
  WsFrameParser parser(1024, 4096);
  std::string bytes = ClientFrame({0x3, ""}) + Text("after");
  std::string_view input = bytes;
  EXPECT_EQ(parser.Next(input).kind, Kind::kViolation);
  std::size_t left = input.size();
  EXPECT_EQ(parser.Next(input).kind, Kind::kNeedMore);
  EXPECT_EQ(input.size(), left);
}

TEST(WsCloseCode, AllowedRanges) {
  for (uint16_t code : {1000, 1001, 1002, 1003, 1007, 1011, 1014, 3000, 4999}) {
    EXPECT_TRUE(IsValidWsCloseCode(code)) << code;
  }
  for (uint16_t code : {0, 999, 1004, 1005, 1006, 1015, 2999, 5000}) {
    EXPECT_FALSE(IsValidWsCloseCode(code)) << code;
  }
}

TEST(WsHeaderEncoder, UsesShortestLengthForm) {
  struct Case {
    uint64_t size;
    std::size_t header_size;
    uint8_t second;
  } cases[] = {{0, 2, 0},       {125, 2, 125},    {126, 4, 126},
               {65535, 4, 126}, {65536, 10, 127}, {1ull << 40, 10, 127}};
  for (const Case& c : cases) {
    uint8_t header[kWsMaxServerHeaderBytes];
    EXPECT_EQ(EncodeWsHeader(WsOpcode::kText, c.size, header), c.header_size);
    EXPECT_EQ(header[0], 0x81);
    EXPECT_EQ(header[1], c.second) << c.size;
    uint64_t decoded = c.size < 126 ? header[1] : 0;
    for (std::size_t i = 2; i < c.header_size; ++i) {
      decoded = (decoded << 8) | header[i];
    }
    EXPECT_EQ(decoded, c.size);
  }
}

TEST(WsHeaderEncoder, ClosePayloadIsBigEndian) {
  EXPECT_EQ(WsClosePayload(1009), std::string("\x03\xF1", 2));
  uint8_t header[kWsMaxServerHeaderBytes];
  EXPECT_EQ(EncodeWsHeader(WsOpcode::kClose, 2, header), 2u);
  EXPECT_EQ(header[0], 0x88);
}

}  // namespace
}  // namespace sessioncore::server

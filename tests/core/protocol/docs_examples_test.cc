// Every JSON example in docs/protocol.md must decode, so the document and
// the codec cannot drift apart.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/protocol/codec.h"
#include "gtest/gtest.h"

namespace sessioncore::protocol {
namespace {

// Returns the path of docs/protocol.md, found from this file's path
// (tests/core/protocol/ is three levels below the repository root).
std::string ProtocolDocPath() {
  std::string path = __FILE__;
  for (int level = 0; level < 4; ++level) {
    path = path.substr(0, path.find_last_of('/'));
  }
  return path + "/docs/protocol.md";
}

// Returns the messages of the ```json blocks. A message starts on a line
// that begins with {"v":1 and continues on the following lines until the
// next such line or the end of the block. Blocks that show a bare object,
// such as a Connection, contribute nothing.
std::vector<std::string> ExtractExamples(std::istream& doc) {
  std::vector<std::string> messages;
  bool in_block = false;
  bool in_message = false;
  std::string line;
  while (std::getline(doc, line)) {
    if (line.rfind("```", 0) == 0) {
      in_block = !in_block && line == "```json";
      in_message = false;
      continue;
    }
    if (!in_block) continue;
    if (line.rfind("{\"v\":1", 0) == 0) {
      messages.push_back(line);
      in_message = true;
    } else if (in_message) {
      messages.back() += line;
    }
  }
  return messages;
}

TEST(ProtocolDoc, EveryExampleDecodes) {
  std::ifstream doc(ProtocolDocPath());
  ASSERT_TRUE(doc.is_open()) << "cannot open " << ProtocolDocPath();
  const std::vector<std::string> examples = ExtractExamples(doc);
  EXPECT_GE(examples.size(), 40u);
  for (const std::string& example : examples) {
    const bool from_server =
        example.find("\"id\":") == std::string::npos ||
        example.find("\"type\":\"response\"") != std::string::npos;
    const absl::Status status = from_server
                                    ? DecodeServerMessage(example).status()
                                    : DecodeClientMessage(example).status();
    EXPECT_TRUE(status.ok()) << status << "\n" << example;
  }
}

}  // namespace
}  // namespace sessioncore::protocol

// Random identifiers for connections, streams, subscriptions, issue reports
// and resume keys.
#ifndef SESSIONCORE_SERVER_IDS_H_
#define SESSIONCORE_SERVER_IDS_H_

#include <string>

namespace sessioncore::server {

// Returns a random version 4 UUID in lower case, as OpenTok uses for
// connection and stream IDs.
std::string NewUuid();

// Returns 256 random bits as 64 hexadecimal digits, for secrets such as
// resume keys.
std::string NewSecret();

}  // namespace sessioncore::server

#endif  // SESSIONCORE_SERVER_IDS_H_

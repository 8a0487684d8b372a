#include "server/auth/token.h"

namespace sessioncore::server::auth {

std::string_view TokenFormatName(TokenFormat format) {
  switch (format) {
    case TokenFormat::kT1:
      return "T1";
    case TokenFormat::kProjectJwt:
      return "project JWT";
    case TokenFormat::kApplicationJwt:
      return "application JWT";
  }
  return "unknown";
}

}  // namespace sessioncore::server::auth

// SPDX-License-Identifier: GPL-2.0-or-later
// SHA-512 crypt against hashes made by libxcrypt (`mkpasswd -m sha-512 [-R N] -S SALT PASSWORD`,
// Debian whois 5.5, run once on the development machine; the first two are also the
// specification's own examples): default and given rounds, a password longer than a digest and
// one exactly as long, non-ASCII bytes; wrong passwords and malformed hashes.
#include <string>

#include "bootloader/crypto/password.h"

#include "tests/unit/harness.h"

using namespace baton::crypto;

namespace {

struct Vector {
  std::string password;
  const char* hash;
};

const Vector kVectors[] = {
    {"Hello world!",
     "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfa"
     "S35inz1"},
    {"Hello world!",
     "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZe"
     "HBy/YTBmSK6H9qs/y3RnOaw5v."},
    {"correct horse battery staple",
     "$6$a/b.C9zz$oPT12zs94CSsGdH73fNdNsp909163hSMwzAuIavP7hhjB.zHbiKv02p.y0YLhFGbrvrOgE2dLPqc8.Te0"
     "Q.ty/"},
    {"\xc3\xbc"
     "n\xc3\xaf"
     "code",
     "$6$rounds=1000$xxxxxxxx$Rd7hxSIvHdQfSNQonwOiiKeMdMv7VgmquRk.y/"
     "F1fcfSIUy.R1N49d71aTcuoqhOGNLJI1"
     "Xo6SKS8WpigcyZS."},
    {std::string(130, 'p'),
     "$6$abcdefgh$Cwi6/BEubGfTLG9XjKpd3.YGnugK0sNAvkRWtSWm3EOa8ucC5KFrFYHw17o.RUF6BDz99U4.CiM2zj04p"
     "uVO1."},
    {std::string(64, 'q'),
     "$6$zzzzzzzz$TmIf9ugbAKa5WVwSb8td1neN2WhtrEF6uQvsaznmpUOwDjEGLyRdc0dXLbARfIiwmpTHW/.6SgaED.l76"
     "ZQcz1"},
};

}  // namespace

TEST_GROUP(Password){};

TEST(Password, HashesAsLibxcryptDoes) {
  for (const Vector& vector : kVectors) {
    const std::optional<std::string> made = Sha512Crypt(vector.password, vector.hash);
    CHECK(made.has_value());
    STRCMP_EQUAL(vector.hash, made->c_str());
    CHECK(CheckPassword(vector.password, vector.hash));
  }
}

TEST(Password, WrongPasswordsAndOtherHashesAreRefused) {
  CHECK(!CheckPassword("Hello world", kVectors[0].hash));
  CHECK(!CheckPassword("hello world!", kVectors[0].hash));
  CHECK(!CheckPassword("", kVectors[0].hash));
  std::string flipped = kVectors[0].hash;
  flipped.back() = flipped.back() == 'a' ? 'b' : 'a';
  CHECK(!CheckPassword("Hello world!", flipped));
  CHECK(!CheckPassword("Hello world!", std::string(kVectors[0].hash) + "x"));
  // Not SHA-512 crypt: MD5 crypt, DES crypt, an empty string, bad rounds.
  CHECK(!CheckPassword("x", "$1$saltsalt$abcdefghijklmnopqrstuv"));
  CHECK(!CheckPassword("x", "abJnggxhB/yWI"));
  CHECK(!CheckPassword("", ""));
  CHECK(!Sha512Crypt("x", "$6$rounds=$salt").has_value());
  CHECK(!Sha512Crypt("x", "$6$rounds=12a$salt").has_value());
  // Rounds a hostile NVRAM could ask for to stall the menu are refused, not computed.
  CHECK(!Sha512Crypt("x", "$6$rounds=999999999$salt").has_value());
  CHECK(!CheckPassword("x", "$6$rounds=1000001$salt$" + std::string(86, 'a')));
}

TEST(Password, RoundsAreClampedAndSaltsCutAsTheSpecificationSays) {
  // Below 1000 rounds counts as 1000 (and says so); a salt longer than 16 keeps its first 16.
  const std::optional<std::string> clamped = Sha512Crypt("short", "$6$rounds=10$yyyyyyyy");
  CHECK(clamped.has_value());
  CHECK(clamped->starts_with("$6$rounds=1000$yyyyyyyy$"));
  const std::optional<std::string> long_salt =
      Sha512Crypt("Hello world!", "$6$rounds=10000$saltstringsaltstring");
  CHECK(long_salt.has_value());
  STRCMP_EQUAL(kVectors[1].hash, long_salt->c_str());
}

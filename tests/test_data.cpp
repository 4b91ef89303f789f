// The pixel codec, the CRC-32 and the dataset loader: round trips, the bundled assets, and every bad file.
#include <algorithm>
#include <catch2/catch.hpp>

#include "core/file_io.hpp"
#include "core/bytes.hpp"
#include "core/dataset.hpp"
#include "core/pixel_codec.hpp"
#include "core/rng.hpp"
#include "fixtures.hpp"

using namespace gan;

namespace {

Dataset small_dataset(int count = 50) {
  Dataset d;
  d.name = "tiny";
  d.class_names = {"zero", "one", "two"};
  d.count = count;
  d.rows = 28;
  d.cols = 28;
  Rng rng(1);
  for (int i = 0; i < count; ++i) d.labels.push_back(static_cast<uint8_t>(i % 3));
  for (int i = 0; i < count * 784; ++i) d.pixels.push_back(rng.below(4) == 0 ? static_cast<uint8_t>(rng.below(256)) : 0);
  return d;
}

std::string parse_error(const std::vector<uint8_t>& bytes) {
  Dataset out;
  out.name = "untouched";
  std::string err;
  const bool ok = parse_dataset(bytes.data(), bytes.size(), out, err);
  CHECK(!ok);
  CHECK(out.name == "untouched");  // a failed load leaves the target as it was
  return err;
}

}  // namespace

// The checksum every loader trusts first (datasets, checkpoints, judges).
TEST_CASE("CRC-32: the standard check value, and every length and split the same as bit by bit", "[data]") {
  const std::string check = "123456789";
  CHECK(crc32(reinterpret_cast<const uint8_t*>(check.data()), check.size()) == 0xCBF43926u);
  CHECK(crc32(nullptr, 0) == 0u);
  const auto bit_by_bit = [](const uint8_t* p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; ++i) {
      c ^= p[i];
      for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return ~c;
  };
  std::vector<uint8_t> bytes(300);
  Rng rng(11);
  for (auto& b : bytes) b = static_cast<uint8_t>(rng.next_u32());
  for (size_t n = 0; n <= bytes.size(); n += (n < 40 ? 1 : 13)) {
    INFO("length " << n);
    const uint32_t whole = crc32(bytes.data(), n);
    CHECK(whole == bit_by_bit(bytes.data(), n));
    for (size_t cut : {size_t{0}, n / 3, n / 2 + 1}) {
      if (cut > n) continue;
      CHECK(crc32(bytes.data() + cut, n - cut, crc32(bytes.data(), cut)) == whole);  // in two pieces
    }
  }
}

TEST_CASE("pixel codec round-trips arbitrary images losslessly", "[data]") {
  Rng rng(2);
  for (const PixelCoding coding : {PixelCoding::kEightDecisions, PixelCoding::kZeroFirst}) {
    for (int rows : {1, 3, 28}) {
      INFO("coding " << static_cast<int>(coding) << ", rows " << rows);
      std::vector<uint8_t> px(static_cast<size_t>(7) * rows * 5);
      for (auto& p : px) p = rng.uniform(0.0f, 1.0f) < 0.6f ? 0 : static_cast<uint8_t>(rng.next_u32());  // many 0s, as in digits
      const auto coded = encode_pixels(px.data(), 7, rows, 5, coding);
      std::vector<uint8_t> back(px.size(), 1);
      std::string err;
      REQUIRE(decode_pixels(coded.data(), coded.size(), 7, rows, 5, back.data(), err, coding));
      CHECK(back == px);
      CHECK(px.size() <= max_pixels_in_payload(coded.size(), coding));
    }
  }
}

TEST_CASE("the zero-first coding makes digit images smaller, and both codings decode the same pixels", "[data]") {
  Dataset d = test::digits();  // its first 20 images
  d.count = 20;
  d.pixels.resize(static_cast<size_t>(d.count) * d.image_size());
  const auto eight = encode_pixels(d.pixels.data(), d.count, d.rows, d.cols, PixelCoding::kEightDecisions);
  const auto zero_first = encode_pixels(d.pixels.data(), d.count, d.rows, d.cols, PixelCoding::kZeroFirst);
  CHECK(zero_first.size() < eight.size());
  CHECK(eight != zero_first);
  std::vector<uint8_t> a(d.pixels.size()), b(d.pixels.size());
  std::string err;
  REQUIRE(decode_pixels(eight.data(), eight.size(), d.count, d.rows, d.cols, a.data(), err, PixelCoding::kEightDecisions));
  REQUIRE(decode_pixels(zero_first.data(), zero_first.size(), d.count, d.rows, d.cols, b.data(), err, PixelCoding::kZeroFirst));
  CHECK(a == d.pixels);
  CHECK(b == d.pixels);
  // A payload read with the other coding fails or gives other pixels: never the same by accident.
  std::vector<uint8_t> c(d.pixels.size());
  const bool read = decode_pixels(eight.data(), eight.size(), d.count, d.rows, d.cols, c.data(), err, PixelCoding::kZeroFirst);
  CHECK((!read || c != d.pixels));
}

TEST_CASE("version 1 dataset files (8 decisions per pixel) still load", "[data]") {
  Dataset d = small_dataset();
  auto bytes = serialize_dataset(d);  // version 2
  REQUIRE(bytes[8] == 2);
  // The same file as version 1 wrote it: the header's version and payload size, and the old payload.
  const auto old_payload = encode_pixels(d.pixels.data(), d.count, d.rows, d.cols, PixelCoding::kEightDecisions);
  const auto new_payload = encode_pixels(d.pixels.data(), d.count, d.rows, d.cols, PixelCoding::kZeroFirst);
  std::vector<uint8_t> v1(bytes.begin(), bytes.end() - static_cast<std::ptrdiff_t>(new_payload.size()));
  v1.insert(v1.end(), old_payload.begin(), old_payload.end());
  v1[8] = 1;
  const uint32_t n = static_cast<uint32_t>(old_payload.size());
  for (int i = 0; i < 4; ++i) v1[28 + i] = static_cast<uint8_t>(n >> (8 * i));
  Dataset back;
  std::string err;
  REQUIRE(parse_dataset(v1.data(), v1.size(), back, err));
  CHECK(back.pixels == d.pixels);
  CHECK(back.checksum == d.checksum);
}

TEST_CASE("a dataset survives serialisation exactly", "[data]") {
  Dataset d = small_dataset();
  const auto bytes = serialize_dataset(d);
  Dataset back;
  std::string err;
  REQUIRE(parse_dataset(bytes.data(), bytes.size(), back, err));
  CHECK(back.pixels == d.pixels);
  CHECK(back.labels == d.labels);
  CHECK(back.class_names == d.class_names);
  CHECK(back.name == "tiny");
  CHECK(back.checksum == d.checksum);
}

TEST_CASE("bad dataset files are refused with a clear message", "[data][bad-input]") {
  Dataset d = small_dataset();
  const auto good = serialize_dataset(d);

  CHECK(parse_error({}).find("empty") != std::string::npos);
  CHECK(parse_error(std::vector<uint8_t>(good.begin(), good.begin() + 20)).find("truncated") != std::string::npos);
  for (size_t cut : {size_t(40), size_t(70), good.size() / 2, good.size() - 1}) {
    INFO("cut at " << cut);
    CHECK(parse_error(std::vector<uint8_t>(good.begin(), good.begin() + cut)).find("truncated") != std::string::npos);
  }
  auto padded = good;
  padded.push_back(0);
  CHECK(parse_error(padded).find("trailing") != std::string::npos);

  auto wrong_magic = good;
  wrong_magic[0] = 'X';
  CHECK(parse_error(wrong_magic).find("not a dataset") != std::string::npos);

  auto png = std::vector<uint8_t>{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  png.resize(100, 0);
  CHECK(parse_error(png).find("not a dataset") != std::string::npos);

  auto newer = good;
  newer[8] = 3;
  CHECK(parse_error(newer).find("version 3 is newer than this program reads (2)") != std::string::npos);

  auto zero_count = good;
  zero_count[12] = zero_count[13] = zero_count[14] = zero_count[15] = 0;
  CHECK(parse_error(zero_count).find("count") != std::string::npos);

  // A label out of range: find the labels after the header strings and bump one.
  auto bad_label = good;
  ByteReader r(good.data() + 32, good.size() - 32);
  r.str(64);
  r.str(4096);
  bad_label[32 + r.position() + 5] = 7;
  CHECK(parse_error(bad_label).find("label 7 out of range") != std::string::npos);

  auto flipped = good;
  flipped[flipped.size() - 10] ^= 0x5A;  // inside the compressed pixels
  const std::string err = parse_error(flipped);
  // The coder consumes exactly its stream, so damage shows as a wrong checksum, a stream that ends
  // early, or one with bytes left over.
  CHECK((err.find("checksum") != std::string::npos || err.find("truncated") != std::string::npos ||
         err.find("unused") != std::string::npos));
}

TEST_CASE("the pixel decoder in pieces decodes what has come and ends as one decode", "[data]") {
  Dataset d = small_dataset(40);
  for (const PixelCoding coding : {PixelCoding::kEightDecisions, PixelCoding::kZeroFirst}) {
    INFO("coding " << static_cast<int>(coding));
    const std::vector<uint8_t> coded = encode_pixels(d.pixels.data(), d.count, d.rows, d.cols, coding);
    PixelDecoder decoder(d.count, d.rows, d.cols, coding);
    std::vector<uint8_t> out(d.pixels.size());
    std::string err;
    int before = 0;
    for (size_t have = 0; have < coded.size(); have += 37) {
      REQUIRE(decoder.decode(coded.data(), have, false, out.data(), d.count, err));
      const int done = decoder.images_done();
      CHECK(done >= before);
      // What it decoded is right (a piece never reads past its bytes: decode would fail).
      CHECK(std::equal(out.begin(), out.begin() + done * 784, d.pixels.begin()));
      before = done;
    }
    CHECK(before > 0);  // images came out before the last byte
    REQUIRE(decoder.decode(coded.data(), coded.size(), true, out.data(), d.count, err));
    CHECK(decoder.images_done() == d.count);
    CHECK(out == d.pixels);
  }
}

TEST_CASE("the pixel decoder's bound on an image's bytes holds for any payload", "[data][bad-input]") {
  // Random bytes are the worst payload: the decoder's decisions come out near even, each spending
  // up to a byte. Read a byte at a time, no piece may read past its bytes (decode would fail), and
  // the verdict and the pixels are those of one decode.
  Rng rng(4);
  for (const PixelCoding coding : {PixelCoding::kEightDecisions, PixelCoding::kZeroFirst}) {
    for (int trial = 0; trial < 4; ++trial) {
      INFO("coding " << static_cast<int>(coding) << " trial " << trial);
      std::vector<uint8_t> payload(2000 + 3000 * trial);
      for (auto& b : payload) b = static_cast<uint8_t>(rng.below(256));
      const int count = 6, side = 12;
      std::vector<uint8_t> whole(count * side * side), pieces(whole.size());
      std::string err;
      const bool whole_ok = decode_pixels(payload.data(), payload.size(), count, side, side, whole.data(), err, coding);
      PixelDecoder decoder(count, side, side, coding);
      for (size_t have = 0; have < payload.size(); ++have) REQUIRE(decoder.decode(payload.data(), have, false, pieces.data(), count, err));
      CHECK(decoder.decode(payload.data(), payload.size(), true, pieces.data(), count, err) == whole_ok);
      if (whole_ok) CHECK(pieces == whole);
    }
  }
}

TEST_CASE("a dataset read in pieces as it downloads is the dataset read at once", "[data][assets]") {
  std::vector<uint8_t> bytes;
  std::string err;
  REQUIRE(read_file_bounded(std::string(GAN_SOURCE_ASSETS_DIR) + "/digits.gds", kMaxDatasetFileBytes, bytes, err));
  const Dataset& whole = test::digits();
  Rng rng(9);
  for (int split = 0; split < 3; ++split) {
    INFO("split " << split);
    DatasetReader reader(bytes.size());
    size_t at = 0;
    int decoded_early = 0;
    while (at < bytes.size()) {
      // Byte by byte through the header, then pieces like a network's (or random ones, or halves).
      const size_t piece = at < 11000 ? 1 : split == 0 ? 65536 : split == 1 ? 1 + rng.below(100000) : bytes.size() / 2 + 1;
      const size_t n = std::min(piece, bytes.size() - at);
      REQUIRE(reader.add(bytes.data() + at, n, err));
      at += n;
      if (at < bytes.size()) decoded_early = reader.images_decoded();
    }
    // The work was done as the bytes came: all but the last piece's images (half of them for halves).
    CHECK(decoded_early > whole.count * (split == 2 ? 4 : 9) / 10);
    Dataset out;
    REQUIRE(reader.finish(out, err));
    CHECK(out.name == whole.name);
    CHECK(out.class_names == whole.class_names);
    CHECK(out.labels == whole.labels);
    CHECK(out.pixels == whole.pixels);
    CHECK(out.checksum == whole.checksum);
  }
}

TEST_CASE("a download that is cut short, too long or wrong is refused, as early as its bytes show it", "[data][bad-input]") {
  Dataset d = small_dataset();
  const auto good = serialize_dataset(d);
  std::string err;
  Dataset out;
  out.name = "untouched";

  DatasetReader short_download(good.size());  // fewer bytes came than announced
  REQUIRE(short_download.add(good.data(), good.size() - 10, err));
  CHECK_FALSE(short_download.finish(out, err));
  CHECK(err.find("truncated (10 of its") != std::string::npos);
  CHECK(out.name == "untouched");

  DatasetReader announced_wrong(good.size() + 10);  // an announced size the header contradicts
  CHECK_FALSE(announced_wrong.add(good.data(), 2000, err));
  CHECK(err.find("10 unexpected trailing bytes") != std::string::npos);

  DatasetReader long_download(good.size() - 10);  // more bytes than announced
  CHECK_FALSE(long_download.add(good.data(), good.size(), err));
  CHECK(err.find("longer than its announced") != std::string::npos);
  CHECK_FALSE(long_download.finish(out, err));  // and it stays refused

  auto zero_count = good;  // a bad header is refused with its first 32 bytes
  zero_count[12] = zero_count[13] = zero_count[14] = zero_count[15] = 0;
  DatasetReader early(zero_count.size());
  CHECK_FALSE(early.add(zero_count.data(), 32, err));
  CHECK(err.find("count") != std::string::npos);

  auto flipped = good;  // damaged pixels: the same verdict as for the whole file
  flipped[flipped.size() - 10] ^= 0x5A;
  std::string whole_err;
  CHECK_FALSE(parse_dataset(flipped.data(), flipped.size(), out, whole_err));
  DatasetReader pieces(flipped.size());
  bool ok = true;
  for (size_t at = 0; at < flipped.size() && ok; at += 100) ok = pieces.add(flipped.data() + at, std::min<size_t>(100, flipped.size() - at), err);
  if (ok) ok = pieces.finish(out, err);
  CHECK_FALSE(ok);
  CHECK(err == whole_err);
  CHECK(out.name == "untouched");

  DatasetReader huge(kMaxDatasetFileBytes + 1);  // an announced size past the limit: refused before a byte
  CHECK_FALSE(huge.add(good.data(), 10, err));
  CHECK(err.find("larger than") != std::string::npos);
}

TEST_CASE("loading a missing file names the file", "[data][bad-input]") {
  Dataset out;
  std::string err;
  CHECK_FALSE(load_dataset_file("/nonexistent/digits.gds", out, err));
  CHECK(err.find("/nonexistent/digits.gds") != std::string::npos);
}

TEST_CASE("the bundled datasets load and are what they claim", "[data][assets]") {
  for (const char* name : {"digits", "fashion"}) {
    INFO(name);
    Dataset d;
    std::string err;
    REQUIRE(load_dataset_file(std::string(GAN_SOURCE_ASSETS_DIR) + "/" + name + ".gds", d, err));
    CHECK(d.name == name);
    CHECK(d.count == 10000);
    CHECK(d.rows == 28);
    CHECK(d.cols == 28);
    REQUIRE(d.num_classes() == 10);
    std::vector<int> per_class(10, 0);
    for (uint8_t l : d.labels) ++per_class[l];
    for (int c : per_class) CHECK(c > 800);  // every class well represented
    // Shuffled, not ordered by class: the first 100 images hold most classes.
    std::vector<bool> seen(10, false);
    for (int i = 0; i < 100; ++i) seen[d.labels[i]] = true;
    CHECK(std::count(seen.begin(), seen.end(), true) == 10);
    // Ink: MNIST has ~19% non-zero pixels, Fashion-MNIST ~50%.
    const double ink = std::count_if(d.pixels.begin(), d.pixels.end(), [](uint8_t p) { return p > 0; }) / double(d.pixels.size());
    CHECK(ink > 0.1);
    CHECK(ink < 0.7);
    // The writer reproduces the shipped file byte for byte: the format and the coder are unchanged.
    std::vector<uint8_t> file;
    REQUIRE(read_file_bounded(std::string(GAN_SOURCE_ASSETS_DIR) + "/" + name + ".gds", kMaxDatasetFileBytes, file, err));
    CHECK(serialize_dataset(d) == file);
    CHECK(file[8] == 2);  // the newest format
    // The pixels are those of the first files (format 1, 2026-11-26): their CRC, which checkpoints
    // keep to name the data they were trained on, is unchanged.
    CHECK(d.checksum == (std::string(name) == "digits" ? 0x83ddeea4u : 0xe3c4a9ffu));
  }
}

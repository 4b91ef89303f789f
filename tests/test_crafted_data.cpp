// Hostile .gds files: headers that lie about sizes, streams that end early, names that could become
// paths. Each case is built here field by field (with the real CRC where the content is known) and
// must be refused with a message, leaving the target untouched. The claims are checked before any
// allocation, so none of these tests allocates more than the bytes it builds.
#include <catch2/catch.hpp>

#include "core/bytes.hpp"
#include "core/dataset.hpp"
#include "core/pixel_codec.hpp"
#include "core/rng.hpp"

using namespace gan;

namespace {

// The fields of a .gds file, written in the order of the layout in dataset.hpp.
struct Crafted {
  uint32_t version = 2, count = 0, crc = 0;  // version 2: the payload is PixelCoding::kZeroFirst
  uint16_t rows = 0, cols = 0, classes = 0, reserved = 0;
  std::string name, class_names;
  std::vector<uint8_t> labels, payload;
  int64_t payload_size = -1;  // the header's claim; -1: the real size

  std::vector<uint8_t> bytes() const {
    ByteWriter w;
    w.raw("GANDSET\x1a", 8);
    w.u32(version);
    w.u32(count);
    w.u16(rows);
    w.u16(cols);
    w.u16(classes);
    w.u16(reserved);
    w.u32(crc);
    w.u32(static_cast<uint32_t>(payload_size < 0 ? int64_t(payload.size()) : payload_size));
    w.str(name);
    w.str(class_names);
    w.raw(labels.data(), labels.size());
    w.raw(payload.data(), payload.size());
    return std::move(w.bytes());
  }
};

Dataset images(int count, int rows, int cols, uint32_t seed = 3) {
  Dataset d;
  d.name = "tiny";
  d.class_names = {"zero", "one", "two"};
  d.count = count;
  d.rows = rows;
  d.cols = cols;
  Rng rng(seed);
  for (int i = 0; i < count; ++i) d.labels.push_back(static_cast<uint8_t>(i % 3));
  for (int i = 0; i < count * rows * cols; ++i) d.pixels.push_back(rng.below(3) == 0 ? static_cast<uint8_t>(rng.below(256)) : 0);
  return d;
}

uint32_t content_crc(const std::vector<uint8_t>& labels, const std::vector<uint8_t>& pixels) {
  return crc32(pixels.data(), pixels.size(), crc32(labels.data(), labels.size()));
}

// A valid file's fields, with the real CRC: tests change one claim and keep the rest honest.
Crafted valid(int count = 4, int rows = 28, int cols = 28) {
  const Dataset d = images(count, rows, cols);
  Crafted c;
  c.count = static_cast<uint32_t>(count);
  c.rows = static_cast<uint16_t>(rows);
  c.cols = static_cast<uint16_t>(cols);
  c.classes = 3;
  c.name = d.name;
  c.class_names = "zero|one|two";
  c.labels = d.labels;
  c.payload = encode_pixels(d.pixels.data(), count, rows, cols);
  c.crc = content_crc(d.labels, d.pixels);
  return c;
}

std::string refused(const std::vector<uint8_t>& bytes) {
  Dataset out;
  out.name = "untouched";
  out.count = 7;
  std::string err;
  const bool ok = parse_dataset(bytes.data(), bytes.size(), out, err);
  CHECK_FALSE(ok);
  CHECK(out.name == "untouched");  // a failed load leaves the target as it was
  CHECK(out.count == 7);
  CHECK(out.pixels.empty());
  return err;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the crafted-file builder writes what serialize_dataset writes", "[data][crafted]") {
  Dataset d = images(4, 28, 28);
  CHECK(valid().bytes() == serialize_dataset(d));
  Dataset out;
  std::string err;
  const auto bytes = valid().bytes();
  REQUIRE(parse_dataset(bytes.data(), bytes.size(), out, err));
  CHECK(out.pixels == d.pixels);
}

TEST_CASE("a 1 MB file claiming a million 256x256 images is refused before allocating", "[data][crafted]") {
  // The old reader allocated 65 GB here and died of std::bad_alloc.
  Crafted c = valid(1, 256, 256);
  c.count = 1000000;
  c.labels.assign(c.count, 0);
  c.payload.resize(48 * 1024, 0x5A);
  const std::string err = refused(c.bytes());
  CHECK(has(err, "1000000 images of 256×256 are 65536000000 pixels, more than the 256 MiB"));
}

TEST_CASE("a million 28x28 images are more than a wasm heap holds", "[data][crafted]") {
  // 784 MB decoded: the old reader allocated it all, then decoded zeros for 17 s before failing.
  Crafted c = valid(1);
  c.count = 1000000;
  c.labels.assign(c.count, 1);
  const std::string err = refused(c.bytes());
  CHECK(has(err, "784000000 pixels, more than the 256 MiB this program holds"));
}

TEST_CASE("a count the payload cannot possibly hold is refused before allocating", "[data][crafted]") {
  // Under the memory cap (235 M pixels), but a payload holds at most 731 pixels per byte (version 2)
  // or 92 (version 1): 300 KB and 700 KB are too short.
  Crafted c = valid(1);
  c.count = 300000;
  c.labels.assign(c.count, 2);
  c.payload.resize(300 * 1024, 0xA5);
  CHECK(has(refused(c.bytes()), "the pixel data (307200 bytes) is too short to hold 300000 images of 28×28"));
  c.version = 1;
  c.payload.resize(700 * 1024, 0xA5);
  CHECK(has(refused(c.bytes()), "the pixel data (716800 bytes) is too short to hold 300000 images of 28×28"));
}

TEST_CASE("image sizes out of range are refused", "[data][crafted]") {
  for (auto rc : {std::pair<int, int>{257, 28}, {28, 257}, {65535, 65535}, {0, 28}, {28, 0}}) {
    Crafted c = valid();
    c.rows = static_cast<uint16_t>(rc.first);
    c.cols = static_cast<uint16_t>(rc.second);
    INFO(rc.first << "x" << rc.second);
    CHECK(has(refused(c.bytes()), "image size " + std::to_string(rc.first) + "×" + std::to_string(rc.second) + " out of range"));
  }
}

TEST_CASE("zero images are refused", "[data][crafted]") {
  Crafted c = valid();
  c.count = 0;
  c.labels.clear();
  CHECK(has(refused(c.bytes()), "image count 0 out of range"));
}

TEST_CASE("a payload shorter than its images is refused as truncated", "[data][crafted]") {
  // The header's payload size matches the file, the CRC matches the real images: only the coded
  // stream is short, which the decoder must notice itself instead of decoding zeros past the end.
  const Crafted whole = valid(4);
  for (size_t keep : {size_t(0), size_t(4), size_t(5), size_t(40), whole.payload.size() / 2, whole.payload.size() - 1}) {
    Crafted c = whole;
    c.payload.resize(keep);
    INFO("payload cut to " << keep << " of " << whole.payload.size());
    const std::string err = refused(c.bytes());
    CHECK((has(err, "the pixel data is truncated (it ends in image") || has(err, "is too short to hold")));
  }
}

TEST_CASE("the decoder stops where its input ends, mid-image", "[data][crafted]") {
  // Three images coded, four claimed: the stream runs out inside the fourth.
  const Dataset d = images(3, 28, 28);
  const auto payload = encode_pixels(d.pixels.data(), 3, 28, 28);
  std::vector<uint8_t> out(4 * 784, 0xEE);
  std::string err;
  CHECK_FALSE(decode_pixels(payload.data(), payload.size(), 4, 28, 28, out.data(), err));
  CHECK(err == "the pixel data is truncated (it ends in image 4 of 4)");
  // Cut in the middle of the second image: the decoder gives up there, the rest is never written.
  std::fill(out.begin(), out.end(), 0xEE);
  const size_t half = encode_pixels(d.pixels.data(), 1, 28, 28).size() + 20;
  CHECK_FALSE(decode_pixels(payload.data(), half, 3, 28, 28, out.data(), err));
  CHECK(err == "the pixel data is truncated (it ends in image 2 of 3)");
  CHECK(out.back() == 0xEE);

  // The same through the file: labels and CRC for four images, the payload of three.
  Crafted c = valid(3);
  c.count = 4;
  c.labels.push_back(0);
  CHECK(has(refused(c.bytes()), "the pixel data is truncated (it ends in image 4 of 4)"));
}

TEST_CASE("bytes after the last image are refused", "[data][crafted]") {
  Crafted in_payload = valid();  // inside the payload: the coder consumes its stream exactly
  in_payload.payload.push_back(0);
  CHECK(has(refused(in_payload.bytes()), "the pixel data has 1 unused bytes after the last image"));

  auto after_file = valid().bytes();  // after the payload the header declares
  after_file.insert(after_file.end(), {1, 2, 3});
  CHECK(has(refused(after_file), "the file has 3 unexpected trailing bytes"));
}

TEST_CASE("class counts, class names and labels out of range are refused", "[data][crafted]") {
  Crafted none = valid();
  none.classes = 0;
  CHECK(has(refused(none.bytes()), "class count 0 out of range"));

  Crafted too_many = valid();
  too_many.classes = 300;
  CHECK(has(refused(too_many.bytes()), "class count 300 out of range"));

  Crafted mismatch = valid();
  mismatch.classes = 4;
  CHECK(has(refused(mismatch.bytes()), "3 class names for 4 classes"));

  for (const char* names : {"zero||two", "zero|o\x1bne|two", "zero|one|two\n"}) {
    Crafted c = valid();
    c.class_names = names;
    CHECK(has(refused(c.bytes()), "bad class name"));
  }

  Crafted label = valid();  // the CRC covers labels: recompute it so only the range check can fail
  label.labels[2] = 3;
  const Dataset d = images(4, 28, 28);
  label.crc = content_crc(label.labels, d.pixels);
  CHECK(has(refused(label.bytes()), "label 3 out of range (classes: 3)"));

  Crafted reserved = valid();
  reserved.reserved = 1;
  CHECK(has(refused(reserved.bytes()), "reserved"));
}

TEST_CASE("dataset names must be plain identifiers", "[data][crafted]") {
  // Other code builds file names from the name: nothing that could be a path or a terminal escape.
  for (std::string name : {std::string("../digits"), std::string("a/b"), std::string("a\\b"), std::string("Digits"),
                           std::string("dig its"), std::string("digits\n"), std::string("\x1b[2J"), std::string("a\0b", 3),
                           std::string("d.gds"), std::string(33, 'a'), std::string()}) {
    Crafted c = valid();
    c.name = name;
    INFO("name of " << name.size() << " bytes");
    CHECK(has(refused(c.bytes()), "bad dataset name"));
    CHECK_FALSE(valid_dataset_name(name));
  }
  for (const char* ok : {"digits", "fashion", "my_set-2", "0"}) CHECK(valid_dataset_name(ok));
  Crafted longest = valid();
  longest.name = std::string(32, 'z');
  Dataset out;
  std::string err;
  const auto bytes = longest.bytes();
  CHECK(parse_dataset(bytes.data(), bytes.size(), out, err));
}

TEST_CASE("sizes that wrap in 32-bit arithmetic are refused", "[data][crafted]") {
  // 65537 images of 256×256 are 2^32 + 65536 pixels: in 32-bit size_t (wasm) that product is 65536,
  // a small buffer the decoder would then overrun.
  Crafted pixels = valid(1, 256, 256);
  pixels.count = 65537;
  pixels.labels.assign(pixels.count, 0);
  CHECK(has(refused(pixels.bytes()), "65537 images of 256×256 are 4295032832 pixels, more than the 256 MiB"));

  // The largest payload claim in a small file: in 32 bits count + payload size wraps (4 + 0xFFFFFFFF
  // = 3) and the file looked like it had trailing bytes; summed in 64 bits it is what is missing.
  Crafted length = valid();
  length.payload_size = 0xFFFFFFFF;
  CHECK(has(refused(length.bytes()), "the file is truncated (" + std::to_string(0xFFFFFFFFu - length.payload.size()) + " bytes missing)"));
}

TEST_CASE("the common file header is checked with clear messages", "[data][crafted]") {
  Crafted newer = valid();
  newer.version = 3;
  CHECK(has(refused(newer.bytes()), "version 3 is newer than this program reads (2)"));
  Crafted zero = valid();
  zero.version = 0;
  CHECK(has(refused(zero.bytes()), "unknown dataset format version 0"));

  // The helper itself, as checkpoints and judge files use it.
  const char magic[8] = {'G', 'A', 'N', 'C', 'K', 'P', 'T', '\x1a'};
  ByteWriter w;
  write_format_header(w, magic, 3);
  w.u8(42);
  uint32_t version = 99;
  std::string err;
  ByteReader ok(w.bytes().data(), w.bytes().size());
  REQUIRE(read_format_header(ok, magic, 3, "checkpoint", version, err));
  CHECK(version == 3);
  CHECK(ok.u8() == 42);  // positioned just after the header
  ByteReader old(w.bytes().data(), w.bytes().size());
  CHECK_FALSE(read_format_header(old, magic, 2, "checkpoint", version, err));
  CHECK(err == "version 3 is newer than this program reads (2)");
  CHECK(version == 3);
  const char other[8] = {'G', 'A', 'N', 'J', 'U', 'D', 'G', 'E'};
  ByteReader wrong(w.bytes().data(), w.bytes().size());
  CHECK_FALSE(read_format_header(wrong, other, 3, "judge", version, err));
  CHECK(err == "not a judge file (wrong magic)");
  ByteReader short_file(w.bytes().data(), 11);
  CHECK_FALSE(read_format_header(short_file, magic, 3, "checkpoint", version, err));
  CHECK(err == "the file is too short to be a checkpoint file");
}

TEST_CASE("the payload bound is sound and nearly tight", "[data][crafted]") {
  // Blank images are the best case of the coder: every probability saturates. They must stay under
  // the bound the reader trusts (or valid files would be refused), and close to it (or the bound
  // would let a header claim far more than any payload holds). Each coding has its own bound.
  for (const PixelCoding coding : {PixelCoding::kEightDecisions, PixelCoding::kZeroFirst}) {
    INFO("coding " << static_cast<int>(coding));
    const int count = coding == PixelCoding::kZeroFirst ? 200 : 40, side = 256;
    const std::vector<uint8_t> blank(size_t(count) * side * side, 0);
    const auto coded = encode_pixels(blank.data(), count, side, side, coding);
    const uint64_t pixels = blank.size();
    CHECK(pixels <= max_pixels_in_payload(coded.size(), coding));
    CHECK(pixels > max_pixels_in_payload(coded.size(), coding) * 95 / 100);
    std::vector<uint8_t> back(blank.size(), 1);
    std::string err;
    REQUIRE(decode_pixels(coded.data(), coded.size(), count, side, side, back.data(), err, coding));
    CHECK(back == blank);
    // One byte less can never decode that many pixels.
    CHECK_FALSE(decode_pixels(coded.data(), coded.size() - 1, count, side, side, back.data(), err, coding));
    CHECK(max_pixels_in_payload(4, coding) == 0);
    CHECK(max_pixels_in_payload(~uint64_t(0), coding) == ~uint64_t(0));  // saturates, never wraps
  }
}

TEST_CASE("the decoder refuses dimensions it cannot address", "[data][crafted]") {
  uint8_t payload[8] = {}, out[4] = {};
  std::string err;
  CHECK_FALSE(decode_pixels(payload, sizeof payload, 0, 2, 2, out, err));
  CHECK_FALSE(decode_pixels(payload, sizeof payload, 1, -2, 2, out, err));
  CHECK_FALSE(decode_pixels(payload, sizeof payload, 1, 70000, 70000, out, err));  // one image > 2^31 pixels
  CHECK(err == "image count or size out of range");
}

#include "runtime/loaders/delimited_reader.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>

#include "common/strings.h"
#include "fmt/format.h"
#include "runtime/loaders/field_parsers.h"

namespace planck {
namespace {

// A field as an error shows it: quoted, cut when long.
std::string shown(std::string_view text) {
  constexpr size_t kMax = 40;
  if (text.size() > kMax) return fmt::format("'{}...'", text.substr(0, kMax));
  return fmt::format("'{}'", text);
}

absl::StatusOr<char> singleCharacter(std::string_view option, std::string_view value) {
  if (value == "\\t" || equalsIgnoreCase(value, "tab")) return '\t';
  if (value.size() != 1) {
    return absl::InvalidArgumentError(
        fmt::format("COPY option {} must be a single character, got '{}'", option, value));
  }
  return value[0];
}

absl::StatusOr<bool> booleanOption(std::string_view option, std::string_view value) {
  uint8_t flag;
  if (parseBooleanField(value, flag) || equalsIgnoreCase(value, "on") ||
      equalsIgnoreCase(value, "off")) {
    return flag == 1 || equalsIgnoreCase(value, "on");
  }
  return absl::InvalidArgumentError(
      fmt::format("COPY option {} takes true or false, got '{}'", option, value));
}

// Parses records into the vectors of one batch at a time.
class DelimitedParser {
 public:
  DelimitedParser(std::string_view source, const LoadTarget& target, const DelimitedFormat& format)
      : source_(source), target_(target), format_(format) {
    startBatch();
  }

  // Parses the complete records of `data`; returns the bytes consumed. With `last`, the bytes
  // after the last line break are a final record.
  absl::StatusOr<size_t> consume(std::string_view data, bool last) {
    const char* begin = data.data();
    const char* end = begin + data.size();
    const char* p = begin;
    while (p < end) {
      const char* newline = static_cast<const char*>(std::memchr(p, '\n', end - p));
      const char* record_end = newline ? newline : end;
      int extra_lines = 0;
      if (format_.quote != '\0' && std::memchr(p, format_.quote, record_end - p) != nullptr) {
        // A quoted field may hold line breaks: find the record's end quote by quote.
        bool quoted = false;
        const char* q = p;
        for (; q < end; ++q) {
          char c = *q;
          if (quoted && c == format_.escape && format_.escape != format_.quote && q + 1 < end &&
              q[1] == format_.quote) {
            ++q;
          } else if (c == format_.quote) {
            quoted = !quoted;
          } else if (c == '\n') {
            if (!quoted) break;
            ++extra_lines;
          }
        }
        if (quoted) {
          if (!last) return static_cast<size_t>(p - begin);
          return error(fmt::format("{}, line {}: a quoted field is not closed", source_, line_));
        }
        newline = q < end ? q : nullptr;
        record_end = q;
      }
      if (newline == nullptr && !last) break;
      const char* content_end = record_end;
      if (content_end > p && content_end[-1] == '\r') --content_end;
      if (header_pending_) {
        header_pending_ = false;
      } else if (content_end > p) {
        if (absl::Status status = parseRecord(p, content_end); !status.ok()) return status;
      }
      line_ += 1 + extra_lines;
      p = newline ? newline + 1 : end;
    }
    return static_cast<size_t>(p - begin);
  }

  std::vector<BatchPtr> finish() {
    flushBatch();
    return std::move(batches_);
  }

 private:
  absl::Status error(std::string message) {
    return absl::InvalidArgumentError(fmt::format("COPY {}: {}", target_.table_name, message));
  }

  // "file, line 17, column 5 (l_quantity)"
  std::string where(size_t field) const {
    const Column& column = target_.columns[target_.field_columns[field]];
    return fmt::format("{}, line {}, column {} ({})", source_, line_, field + 1, column.name);
  }

  absl::Status parseRecord(const char* begin, const char* end) {
    const size_t fields = target_.field_columns.size();
    const char* p = begin;
    for (size_t field = 0;; ++field) {
      std::string_view text;
      bool quoted = false;
      if (format_.quote != '\0' && p < end && *p == format_.quote) {
        if (absl::Status status = readQuotedField(p, end, field, text); !status.ok()) return status;
        quoted = true;
      } else {
        const char* stop = static_cast<const char*>(std::memchr(p, format_.delimiter, end - p));
        if (stop == nullptr) stop = end;
        text = std::string_view(p, stop - p);
        p = stop;
      }
      if (field >= fields) {
        return error(
            fmt::format("{}, line {}, column {}: extra field {}; the table takes {} "
                        "field{} per line",
                        source_, line_, field + 1, shown(text), fields, fields == 1 ? "" : "s"));
      }
      if (absl::Status status = setField(field, text, quoted); !status.ok()) return status;
      if (p == end) {
        if (field + 1 < fields) {
          return error(fmt::format("{}: missing; the line has {} field{}, the table takes {}",
                                   where(field + 1), field + 1, field == 0 ? "" : "s", fields));
        }
        break;
      }
      ++p;  // the delimiter
      // One delimiter at the end of the line is allowed: TPC-H's dbgen ends every line so.
      if (p == end && field + 1 == fields) break;
    }
    if (++rows_ == kBatchRows) {
      flushBatch();
      startBatch();
    }
    return absl::OkStatus();
  }

  // A quoted field starting at `p`: its text (unescaped into scratch_ when it holds a quote);
  // `p` ends after the closing quote, which must be followed by a delimiter or the line's end.
  absl::Status readQuotedField(const char*& p, const char* end, size_t field,
                               std::string_view& text) {
    const char* start = ++p;
    bool copied = false;
    while (true) {
      const char* q = static_cast<const char*>(std::memchr(p, format_.quote, end - p));
      const char* escape_at = nullptr;
      if (format_.escape != format_.quote) {
        escape_at = static_cast<const char*>(std::memchr(p, format_.escape, end - p));
        if (escape_at != nullptr && q != nullptr && escape_at > q) escape_at = nullptr;
      }
      if (q == nullptr) {
        return error(fmt::format("{}: a quoted field is not closed", where(field)));
      }
      if (escape_at != nullptr && escape_at + 1 < end && escape_at[1] == format_.quote) {
        if (!copied)
          scratch_.assign(start, escape_at);
        else
          scratch_.append(p, escape_at);
        scratch_ += format_.quote;
        copied = true;
        p = escape_at + 2;
        continue;
      }
      if (format_.escape == format_.quote && q + 1 < end && q[1] == format_.quote) {
        if (!copied)
          scratch_.assign(start, q);
        else
          scratch_.append(p, q);
        scratch_ += format_.quote;
        copied = true;
        p = q + 2;
        continue;
      }
      if (copied) {
        scratch_.append(p, q);
        text = scratch_;
      } else {
        text = std::string_view(start, q - start);
      }
      p = q + 1;
      if (p < end && *p != format_.delimiter) {
        return error(
            fmt::format("{}: expected '{}' or the end of the line after the closing "
                        "quote, got '{}'",
                        where(field), format_.delimiter, *p));
      }
      return absl::OkStatus();
    }
  }

  absl::Status expected(size_t field, const DataType& type, std::string_view text) {
    return error(fmt::format("{}: expected {}, got {}", where(field), type.sqlName(), shown(text)));
  }

  absl::Status setField(size_t field, std::string_view text, bool quoted) {
    const Column& column = target_.columns[target_.field_columns[field]];
    Vector& vector = *vectors_[target_.field_columns[field]];
    const DataType& type = column.type;
    if (!quoted && text == format_.null_text) {
      if (!column.nullable) {
        return error(fmt::format("{}: NULL in a NOT NULL column (expected {})", where(field),
                                 type.sqlName()));
      }
      if (type.storedAsBytes()) {
        vector.appendNull();
      } else {
        vector.setNull(rows_);
      }
      return absl::OkStatus();
    }
    switch (type.id()) {
      case TypeId::kVarchar:
      case TypeId::kBinary:
        vector.appendString(text);
        return absl::OkStatus();
      case TypeId::kInteger:
        if (parseInt32Field(text, vector.values<int32_t>()[rows_])) return absl::OkStatus();
        break;
      case TypeId::kBigInt:
        if (parseInt64Field(text, vector.values<int64_t>()[rows_])) return absl::OkStatus();
        break;
      case TypeId::kDecimal:
        if (parseDecimalField(text, type.precision(), type.scale(),
                              vector.values<int64_t>()[rows_]))
          return absl::OkStatus();
        break;
      case TypeId::kDouble:
        if (parseDoubleField(text, vector.values<double>()[rows_])) return absl::OkStatus();
        break;
      case TypeId::kDate:
        if (parseDateField(text, vector.values<int32_t>()[rows_])) return absl::OkStatus();
        break;
      case TypeId::kBoolean:
        if (parseBooleanField(text, vector.values<uint8_t>()[rows_])) return absl::OkStatus();
        break;
      case TypeId::kNull:
      case TypeId::kInterval:
        break;
    }
    return expected(field, type, text);
  }

  void startBatch() {
    rows_ = 0;
    vectors_.clear();
    for (const Column& column : target_.columns) {
      if (column.type.storedAsBytes()) {
        auto vector = Vector::make(column.type, 0);
        vector->reserve(kBatchRows, kBatchRows * 16);
        vectors_.push_back(std::move(vector));
      } else {
        vectors_.push_back(Vector::make(column.type, kBatchRows));
      }
    }
  }

  void flushBatch() {
    if (rows_ == 0) return;
    std::vector<bool> filled(target_.columns.size(), false);
    for (size_t column : target_.field_columns) filled[column] = true;
    auto batch = std::make_shared<Batch>();
    batch->rows = rows_;
    std::vector<uint32_t> prefix;
    for (size_t c = 0; c < target_.columns.size(); ++c) {
      const DataType& type = target_.columns[c].type;
      VectorPtr vector = vectors_[c];
      if (!filled[c]) {
        vector = Vector::constant(Value::null(type), type, rows_);
      } else if (!type.storedAsBytes() && rows_ < kBatchRows) {
        // The last batch of a load: cut the vector to the rows it holds.
        if (prefix.empty()) {
          prefix.resize(rows_);
          for (uint32_t i = 0; i < rows_; ++i) prefix[i] = i;
        }
        vector = gather(*vector, prefix.data(), rows_);
      }
      if (vector->hasNulls() && !type.isNull()) vector->compactNullMask();
      batch->columns.push_back(std::move(vector));
    }
    batches_.push_back(std::move(batch));
    rows_ = 0;
  }

  std::string_view source_;
  const LoadTarget& target_;
  const DelimitedFormat& format_;
  bool header_pending_ = format_.header;
  int64_t line_ = 1;
  size_t rows_ = 0;
  std::vector<VectorPtr> vectors_;  // one per table column
  std::vector<BatchPtr> batches_;
  std::string scratch_;  // an unescaped quoted field
};

}  // namespace

absl::StatusOr<DelimitedFormat> delimitedFormat(
    std::string_view path, const std::vector<std::pair<std::string, std::string>>& options) {
  DelimitedFormat format;
  auto setKind = [&](std::string_view kind) -> absl::Status {
    if (equalsIgnoreCase(kind, "tbl")) {
      format.delimiter = '|';
      format.quote = '\0';
    } else if (equalsIgnoreCase(kind, "csv")) {
      format.delimiter = ',';
      format.quote = '"';
    } else if (equalsIgnoreCase(kind, "tsv") || equalsIgnoreCase(kind, "text")) {
      format.delimiter = '\t';
      format.quote = '\0';
    } else {
      return absl::InvalidArgumentError(
          fmt::format("COPY option FORMAT takes csv, tbl or text, got '{}'", kind));
    }
    return absl::OkStatus();
  };
  std::string lower = toLower(path);
  if (lower.ends_with(".tbl")) (void)setKind("tbl");
  if (lower.ends_with(".tsv")) (void)setKind("tsv");
  // FORMAT first, so that DELIMITER and QUOTE given beside it win whatever the order.
  for (const auto& [name, value] : options) {
    if (name == "format") {
      if (absl::Status status = setKind(value); !status.ok()) return status;
    }
  }
  for (const auto& [name, value] : options) {
    if (name == "format") continue;
    if (name == "delimiter" || name == "delim" || name == "sep") {
      auto c = singleCharacter("DELIMITER", value);
      if (!c.ok()) return c.status();
      format.delimiter = *c;
    } else if (name == "header") {
      auto flag = booleanOption("HEADER", value);
      if (!flag.ok()) return flag.status();
      format.header = *flag;
    } else if (name == "null") {
      format.null_text = value;
    } else if (name == "quote") {
      if (value.empty()) {
        format.quote = '\0';
        continue;
      }
      auto c = singleCharacter("QUOTE", value);
      if (!c.ok()) return c.status();
      bool escape_was_quote = format.escape == format.quote;
      format.quote = *c;
      if (escape_was_quote) format.escape = *c;
    } else if (name == "escape") {
      auto c = singleCharacter("ESCAPE", value);
      if (!c.ok()) return c.status();
      format.escape = *c;
    } else {
      return absl::InvalidArgumentError(fmt::format(
          "unknown COPY option {}; the options are DELIMITER, HEADER, NULL, QUOTE, ESCAPE, FORMAT",
          toUpper(name)));
    }
  }
  if (format.delimiter == '\n' || format.delimiter == '\r' ||
      (format.quote != '\0' && format.delimiter == format.quote)) {
    return absl::InvalidArgumentError(
        "COPY: the delimiter must differ from the quote and from "
        "line breaks");
  }
  return format;
}

absl::StatusOr<std::vector<BatchPtr>> parseDelimited(std::string_view source, std::string_view text,
                                                     const LoadTarget& target,
                                                     const DelimitedFormat& format) {
  DelimitedParser parser(source, target, format);
  auto consumed = parser.consume(text, /*last=*/true);
  if (!consumed.ok()) return consumed.status();
  return parser.finish();
}

absl::StatusOr<std::vector<BatchPtr>> readDelimitedFile(const std::string& path,
                                                        const LoadTarget& target,
                                                        const DelimitedFormat& format,
                                                        const LoadProgress& progress) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (file == nullptr) {
    return absl::NotFoundError(
        fmt::format("COPY {}: cannot open {}: {}", target.table_name, path, std::strerror(errno)));
  }
  int64_t size = 0;
  if (std::fseek(file.get(), 0, SEEK_END) == 0) size = std::ftell(file.get());
  std::fseek(file.get(), 0, SEEK_SET);
  // Errors name the file as given.
  DelimitedParser parser(path, target, format);
  // Blocks of 8 MB, or the whole file when it is smaller.
  const size_t kBlock = std::clamp<size_t>(static_cast<size_t>(size) + 1, 4096, 8 << 20);
  std::string buffer;
  size_t filled = 0;
  int64_t done = 0;
  while (true) {
    if (buffer.size() < filled + kBlock) buffer.resize(filled + kBlock);
    size_t got = std::fread(buffer.data() + filled, 1, kBlock, file.get());
    if (got == 0 && std::ferror(file.get())) {
      return absl::DataLossError(
          fmt::format("COPY {}: reading {} failed", target.table_name, path));
    }
    filled += got;
    done += static_cast<int64_t>(got);
    bool last = got == 0 || std::feof(file.get());
    auto consumed = parser.consume(std::string_view(buffer.data(), filled), last);
    if (!consumed.ok()) return consumed.status();
    // A record longer than the buffer grows it (the loop reads another block behind it).
    std::memmove(buffer.data(), buffer.data() + *consumed, filled - *consumed);
    filled -= *consumed;
    if (progress) progress(done, size);
    if (last) break;
  }
  return parser.finish();
}

}  // namespace planck

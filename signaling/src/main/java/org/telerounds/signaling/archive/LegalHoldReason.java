package org.telerounds.signaling.archive;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The structured reason of a legal hold: a case number in a strict pattern and a reason code from
 * a fixed list. Free text is refused, so no patient name can reach the audit log or the hold
 * record through it. Stored and audited as {@code <reasonCode> <caseNumber>}.
 */
record LegalHoldReason(String caseNumber, Code code) {
  /** Case numbers: 2-6 capital letters, a 4-digit year, 1-6 digits, e.g. {@code LIT-2026-0117}. */
  static final Pattern CASE = Pattern.compile("[A-Z]{2,6}-[0-9]{4}-[0-9]{1,6}");

  /** Why a round is held. */
  enum Code {
    LITIGATION, COMPLAINT, REGULATORY_INQUIRY, INCIDENT_REVIEW, SUBPOENA, INTERNAL_INVESTIGATION;

    String wire() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String all() {
      return Arrays.stream(values()).map(Code::wire).collect(Collectors.joining(", "));
    }
  }

  /** Parses {@code {"caseNumber", "reasonCode"}}; throws with a message for the client. */
  static LegalHoldReason parse(JsonNode body) {
    if (body.has("reason")) {
      throw new IllegalArgumentException("free-text reasons are not accepted (they could carry patient data); send "
          + "\"caseNumber\" (e.g. LIT-2026-0117) and \"reasonCode\" (" + Code.all() + ")");
    }
    String number = body.path("caseNumber").asText("");
    if (!body.path("caseNumber").isTextual() || !CASE.matcher(number).matches()) {
      throw new IllegalArgumentException("caseNumber must be 2-6 capital letters, a year and a number, e.g. "
          + "LIT-2026-0117");
    }
    String code = body.path("reasonCode").asText("");
    for (Code c : Code.values()) {
      if (body.path("reasonCode").isTextual() && c.wire().equals(code)) return new LegalHoldReason(number, c);
    }
    throw new IllegalArgumentException("reasonCode must be one of: " + Code.all());
  }

  /** The stored and audited form. */
  String text() {
    return code.wire() + " " + caseNumber;
  }
}

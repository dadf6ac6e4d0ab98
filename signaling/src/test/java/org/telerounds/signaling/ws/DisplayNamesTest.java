package org.telerounds.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names that would pass for the bedside, the patient, the system or a role label are refused. */
class DisplayNamesTest {
  @Test
  void refusesLabelsAndTheirLookalikes() {
    for (String n : new String[] {"Bedside", "bedside", "Patient", "PATIENT", "Cart", "[cart]", "(Bedside)",
        "Bedside:", "Patient - Bedside", "the patient", "Operator", "Expert", "Admin", "System", "Telerounds",
        "Раtient" /* Cyrillic Р, а */, "Ｐａｔｉｅｎｔ" /* fullwidth */, "Pátient", "Pat1ent", "B3dside", "C@rt",
        "𝐏𝐚𝐭𝐢𝐞𝐧𝐭" /* mathematical bold */, "Bed\u200Bside" /* zero-width space */, "Dr A\u202Etneitap",
        "line\nbreak", "tab\there", "", "   ", "---", "a".repeat(65), "Room mic", "Stethoscope", "Enhanced voice"}) {
      assertThat(DisplayNames.problem(n)).as("%s", n).isPresent();
    }
  }

  @Test
  void acceptsOrdinaryNames() {
    for (String n : new String[] {"Dr Chen", "Dr A", "cardiology", "neurology", "icu", "rec", "Dr. Cartwright",
        "Anna Bedsider-Müller", "Zoë Østergaard", "李医生", "José Patiño", "Expert Smith", "Nurse Ana", "Dr. Li",
        "Émile", "O'Brien", "a".repeat(64)}) {
      assertThat(DisplayNames.problem(n)).as("%s", n).isEmpty();
    }
  }
}

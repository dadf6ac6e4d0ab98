package org.telerounds.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages go out in order: straight away, or kept while away and written after a resume's first reply. */
class OutboxTest {
  private static ObjectNode msg(int n) {
    return Json.message("n").put("n", n);
  }

  private static List<String> written(EmbeddedChannel ch) {
    List<String> out = new ArrayList<>();
    for (Object o; (o = ch.readOutbound()) != null; ) {
      TextWebSocketFrame f = (TextWebSocketFrame) o;
      out.add(f.text());
      f.release();
    }
    return out;
  }

  @Test
  void keptMessagesFollowTheFirstReplyInOrderAndTheOldestGoBeyondTheLimit() {
    EmbeddedChannel first = new EmbeddedChannel();
    Outbox box = new Outbox(first);
    box.send(msg(0));
    assertThat(written(first)).containsExactly("{\"type\":\"n\",\"n\":0}");

    box.keepWhileAway(true);
    box.away();
    for (int i = 1; i <= Outbox.MAX_KEPT + 2; i++) box.send(msg(i));
    assertThat(written(first)).as("nothing to the old connection while away").isEmpty();

    EmbeddedChannel second = new EmbeddedChannel();
    Outbox.Switched s = box.switchTo(second, dropped -> Json.message("joined").put("missed", dropped));
    assertThat(s.previous()).isSameAs(first);
    assertThat(s.wasAway()).isTrue();
    List<String> out = written(second);
    assertThat(out.get(0)).isEqualTo("{\"type\":\"joined\",\"missed\":2}");
    assertThat(out).hasSize(1 + Outbox.MAX_KEPT);
    assertThat(out.get(1)).as("the two oldest were dropped").isEqualTo("{\"type\":\"n\",\"n\":3}");
    assertThat(out.get(out.size() - 1)).isEqualTo("{\"type\":\"n\",\"n\":" + (Outbox.MAX_KEPT + 2) + "}");
    box.send(msg(99));
    assertThat(written(second)).containsExactly("{\"type\":\"n\",\"n\":99}");
    assertThat(box.channel()).isSameAs(second);
  }

  @Test
  void withoutKeepingAClosedConnectionLosesMessagesAsBefore() {
    EmbeddedChannel ch = new EmbeddedChannel();
    Outbox box = new Outbox(ch);
    box.away();
    box.send(msg(1));
    Outbox.Switched s = box.switchTo(new EmbeddedChannel(), dropped -> Json.message("joined"));
    assertThat(s.wasAway()).isTrue();
    box.keepWhileAway(true);
    box.away();
    box.send(msg(2));
    box.keepWhileAway(false); // the session left
    EmbeddedChannel last = new EmbeddedChannel();
    box.switchTo(last, dropped -> Json.message("joined"));
    assertThat(written(last)).containsExactly("{\"type\":\"joined\"}");
  }
}

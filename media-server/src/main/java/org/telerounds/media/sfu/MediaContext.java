package org.telerounds.media.sfu;

import java.time.Clock;
import java.util.List;
import org.telerounds.media.config.MediaConfig;
import org.telerounds.media.metrics.CongestionMetrics;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.node.NodeStats;
import org.telerounds.media.sdp.SdpWriter.LocalTransport;
import org.telerounds.media.tap.PacketTap;
import org.telerounds.media.transport.TransportFactory;
import org.telerounds.media.transport.WebRtcTransport;

/**
 * What every room and participant shares: config, transports, metrics (and the media-path nodes'
 * counts and congestion control's), clock and taps, and the live enhancement settings
 * ({@code enhancement} is null when the server enhances nothing). {@code nanoTime} is the
 * monotonic clock packets are timed with (arrival times come from the same source).
 */
record MediaContext(MediaConfig config, TransportFactory transports, MediaMetrics metrics, NodeStats nodes, Clock clock,
    List<PacketTap> taps, CodecSelector codecs, List<String> candidateAddresses, int candidatePort, int tcpCandidatePort,
    EnhancementContext enhancement, CongestionMetrics congestion, java.util.function.LongSupplier nanoTime) {

  LocalTransport localTransport(WebRtcTransport t, String setup) {
    return new LocalTransport(t.localCredentials().ufrag(), t.localCredentials().password(),
        transports.fingerprint(), setup, candidateAddresses, candidatePort, tcpCandidatePort);
  }
}

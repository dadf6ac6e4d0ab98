package org.telerounds.media.sfu;

import java.time.Clock;
import java.util.List;
import org.telerounds.media.config.MediaConfig;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.node.NodeStats;
import org.telerounds.media.sdp.SdpWriter.LocalTransport;
import org.telerounds.media.tap.PacketTap;
import org.telerounds.media.transport.TransportFactory;
import org.telerounds.media.transport.WebRtcTransport;

/**
 * What every room and participant shares: config, transports, metrics (and the media-path nodes'
 * counts), clock and taps, and the live enhancement settings ({@code enhancement} is null when the
 * server enhances nothing).
 */
record MediaContext(MediaConfig config, TransportFactory transports, MediaMetrics metrics, NodeStats nodes, Clock clock,
    List<PacketTap> taps, CodecSelector codecs, List<String> candidateAddresses, int candidatePort, int tcpCandidatePort,
    EnhancementContext enhancement) {

  LocalTransport localTransport(WebRtcTransport t, String setup) {
    return new LocalTransport(t.localCredentials().ufrag(), t.localCredentials().password(),
        transports.fingerprint(), setup, candidateAddresses, candidatePort, tcpCandidatePort);
  }
}

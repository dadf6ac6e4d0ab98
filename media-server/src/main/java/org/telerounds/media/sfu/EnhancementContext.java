package org.telerounds.media.sfu;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import org.telerounds.media.enhance.EnhancementConfig;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.node.NodeStats;
import org.telerounds.media.tap.PacketTap;

/**
 * What every room's live enhancement shares: the {@code telerounds.enhancement} settings, the
 * clock, the media loop (where enhanced packets are injected) and its flush, the taps, metrics,
 * and the executor that closes enhancers (closing waits for the enhancer's thread, so never on
 * the loop).
 */
record EnhancementContext(EnhancementConfig config, Clock clock, Executor loop, Runnable flush,
    List<PacketTap> taps, MediaMetrics mediaMetrics, NodeStats nodes, EnhancementMetrics metrics, Executor closer) {}

package dev.vigil.scheduler.scan;

import dev.vigil.core.Target;
import dev.vigil.core.transport.Transport;
import java.io.IOException;

/** Opens the transport of a target. A target that cannot be opened fails alone, with the reason. */
@FunctionalInterface
public interface TransportFactory {
  Transport open(Target target) throws IOException;
}

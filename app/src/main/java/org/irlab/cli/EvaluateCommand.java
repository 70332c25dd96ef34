package org.irlab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder while evaluate is written. */
@Command(name = "evaluate", mixinStandardHelpOptions = true)
final class EvaluateCommand implements Callable<Integer> {
    @Override public Integer call() { return 0; }
}

package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.irlab.experiment.RunDirectory;
import org.irlab.testing.Cli;
import org.irlab.testing.SyntheticData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault-injection suite: malformed inputs to {@code run}, {@code complete}, {@code reproduce}, {@code data} and
 * {@code fig6}, each run in-process through the command line. A malformed input must exit 2, name the offending
 * key, line or value, print no stack trace, and leave no result file in its output directory; an input that looks
 * odd but is valid by design must exit 0. Adding a case is one line in {@link #cases()}; a new reader joins by adding
 * its lines. The counts of the last run go to {@code target/fault-injection.txt} (quoted in the README).
 *
 * <p>Placeholders in a case's arguments: {@code {out}} a fresh output directory, {@code {file}} the case's first
 * file (written from the case), {@code {dir}} the case's directory, and shared fixtures: {@code {spec}} a small valid
 * run spec, {@code {ratings}}, {@code {image}}, {@code {mtx}}, {@code {tiny}} (two tiny experiments), {@code {plain}}
 * (a regular file), {@code {locked}} (a directory another run holds), and the images named in
 * {@link #fixtures()}. {@code ''} is the empty argument.
 */
class FaultInjectionTest {
    @TempDir static Path shared;
    private static RunDirectory held;
    private static final Map<String, String> FIXTURES = new TreeMap<>();
    private static final Map<String, String> OUTCOMES = new ConcurrentHashMap<>();
    private static final Map<String, String> MESSAGES = new ConcurrentHashMap<>();

    /** The small valid spec most run cases start from (n = 8 sensing, IPGD+, about 1,800 steps). */
    static final String SPEC = "{\"name\": \"small\", \"problem\": {\"type\": \"symmetric-sensing\", \"n\": 8, \"rank\": 2,"
            + " \"searchRank\": 8, \"singularValues\": [4, 1], \"measurements\": 160, \"seed\": 1},"
            + " \"init\": {\"type\": \"zero\"}, \"algorithm\": {\"type\": \"ipgd+\", \"stepSize\": 0.05,"
            + " \"radius\": 1e-15, \"gradientThreshold\": 1e-7, \"decreaseThreshold\": 1e-10, \"escapeSteps\": 200,"
            + " \"refineSteps\": 500, \"maxIterations\": 20000, \"seed\": 2}, \"record\": {\"every\": 5}}";

    static final String MTX = "%%MatrixMarket matrix coordinate real general\n";
    static final String EXPERIMENT = "{\"name\": \"x\", \"title\": \"x\", \"source\": \"test\", \"base\": {\"problem\":"
            + " {\"type\": \"sparse-recovery\", \"dimension\": 8, \"measurements\": 20, \"truth\": [1]},"
            + " \"algorithm\": {\"type\": \"gd\", \"stepSize\": 0.01, \"maxIterations\": 20}}, \"runs\": [{\"name\": \"a\"}]}";
    static final String INDEX = "{\"experiments\": [\"x\"]}";

    /** One malformed (or valid-by-design) input. */
    record Case(String label, String args, String named, boolean valid, String[] files) {
        @Override public String toString() { return label; }
    }

    static Case bad(String label, String args, String named, String... files) {
        return new Case(label, args, named, false, files);
    }

    static Case ok(String label, String args, String... files) {
        return new Case(label, args, null, true, files);
    }

    static String spec(String from, String to) {
        if (!SPEC.contains(from)) throw new IllegalArgumentException("not in the spec: " + from);
        return SPEC.replace(from, to);
    }

    static Stream<Case> cases() {
        String run = "run {spec} --out {out} -q ";
        String runFile = "run {file} --out {out} -q";
        String complete = "complete {ratings} --out {out} -q --methods global-mean,biases ";
        String mtx = "complete {file} --out {out} -q --methods global-mean,biases";
        String ratingsFile = "complete {file} --out {out} -q --methods global-mean,biases";
        String image = "complete {image} --out {out} -q --methods global-mean ";
        String reproduce = "reproduce --experiments {tiny} --out {out} -q ";
        String fit = "complete fit {ratings} --model {out} -q --method biases ";
        String evaluate = "complete evaluate {ratings} --out {out} -q --methods global-mean,biases ";
        String defs = "reproduce --experiments {dir} --out {out} -q";
        return Stream.of(
                // run: problem keys (--set)
                bad("n zero", run + "--set problem.n=0", "problem.n"),
                bad("n a string", run + "--set problem.n=\"eight\"", "problem.n"),
                bad("n fractional", run + "--set problem.n=8.5", "problem.n"),
                bad("n negative", run + "--set problem.n=-3", "problem.n"),
                bad("n too large", run + "--set problem.n=100001", "problem.n"),
                bad("n overflowing a long", run + "--set problem.n=99999999999999999999999", "99999999999999999999999"),
                bad("rank zero", run + "--set problem.rank=0", "problem.rank"),
                bad("rank above n", run + "--set problem.rank=9", "problem.rank"),
                bad("rank removed", run + "--set problem.rank=null", "problem.rank: required"),
                bad("singular values too few", run + "--set problem.singularValues=[1]", "problem.singularValues"),
                bad("singular value negative", run + "--set problem.singularValues=[4,-1]", "problem.singularValues"),
                bad("singular values a string", run + "--set problem.singularValues=big", "problem.singularValues"),
                bad("singular value a string", run + "--set problem.singularValues=[4,\"a\"]", "problem.singularValues[1]"),
                bad("measurements zero", run + "--set problem.measurements=0", "problem.measurements"),
                bad("measurements huge", run + "--set problem.measurements=100000000", "problem.measurements"),
                bad("search rank zero", run + "--set problem.searchRank=0", "problem.searchRank"),
                bad("operator unknown", run + "--set problem.operator=sparse", "problem.operator"),
                bad("problem type unknown", run + "--set problem.type=tensor", "'tensor'"),
                bad("problem type removed", run + "--set problem.type=null", "problem.type: required"),
                bad("problem a number", run + "--set problem=5", "problem: expected an object"),
                bad("problem removed", run + "--set problem=null", "problem: required"),
                bad("problem seed fractional", run + "--set problem.seed=1.5", "problem.seed"),
                bad("problem seed overflowing", run + "--set problem.seed=77662796314522419190000", "77662796314522419190000"),
                bad("problem key unknown", run + "--set problem.nn=5", "problem.nn"),
                bad("problem key mistyped", run + "--set problem.Rank=2", "did you mean rank?"),
                bad("problem of another type", run + "--set problem.type=sparse-recovery", "problem.dimension: required"),
                // run: algorithm keys
                bad("algorithm unknown", run + "--set algorithm.type=adam", "algorithm.type"),
                bad("algorithm removed", run + "--set algorithm=null", "algorithm: required"),
                bad("algorithm an array", run + "--set algorithm=[]", "algorithm: expected an object"),
                bad("step size negative", run + "--set algorithm.stepSize=-1", "algorithm.stepSize"),
                bad("step size zero", run + "--set algorithm.stepSize=0", "algorithm.stepSize"),
                bad("step size a word", run + "--set algorithm.stepSize=often", "algorithm.stepSize"),
                bad("step size removed", run + "--set algorithm.stepSize=null", "algorithm.stepSize: required"),
                bad("step size mistyped", run + "--set algorithm.stepsize=0.05 --set algorithm.stepSize=null",
                        "did you mean stepSize?"),
                bad("iterations negative", run + "--set algorithm.maxIterations=-1", "algorithm.maxIterations"),
                bad("iterations above int", run + "--set algorithm.maxIterations=3000000000", "algorithm.maxIterations"),
                bad("escape steps zero", run + "--set algorithm.escapeSteps=0", "algorithm.escapeSteps"),
                bad("escape steps a word", run + "--set algorithm.escapeSteps=often", "algorithm.escapeSteps"),
                bad("radius negative", run + "--set algorithm.radius=-1", "algorithm.radius"),
                bad("gradient threshold negative", run + "--set algorithm.gradientThreshold=-1", "algorithm.gradientThreshold"),
                bad("decrease threshold negative", run + "--set algorithm.decreaseThreshold=-1", "algorithm.decreaseThreshold"),
                bad("refine steps negative", run + "--set algorithm.refineSteps=-5", "algorithm.refineSteps"),
                bad("algorithm seed a string", run + "--set algorithm.seed=\"x\"", "algorithm.seed"),
                bad("step fraction without auto", run + "--set algorithm.stepFraction=0.3", "algorithm.stepFraction"),
                bad("escape safety without auto", run + "--set algorithm.escapeSafety=3", "algorithm.escapeSafety"),
                bad("unstable step fraction", run + "--set algorithm={\"type\":\"gd\",\"stepSize\":\"auto\",\"stepFraction\":2.5}",
                        "algorithm.stepFraction"),
                bad("key of another algorithm", run + "--set algorithm.type=gd", "algorithm.radius"),
                // run: init and record keys
                bad("init unknown", run + "--set init.type=ones", "init.type"),
                bad("gaussian without scale", run + "--set init={\"type\":\"gaussian\"}", "init.scale: required"),
                bad("gaussian scale negative", run + "--set init={\"type\":\"gaussian\",\"scale\":-1}", "init.scale"),
                bad("file without path", run + "--set init={\"type\":\"file\"}", "init.path: required"),
                bad("file missing", run + "--set init={\"type\":\"file\",\"path\":\"nope.csv\"}", "nope.csv"),
                bad("balanced for sensing", run + "--set init={\"type\":\"balanced\",\"scale\":1}", "balanced"),
                bad("scale for the zero init", run + "--set init.scale=1", "init.scale"),
                bad("record every zero", run + "--set record.every=0", "record.every"),
                bad("record every negative", run + "--set record.every=-1", "record.every"),
                bad("deviation rate unknown", run + "--set record.deviationRate=sometimes", "record.deviationRate"),
                bad("deviation tolerance above 1", run + "--set record.deviationTolerance=2", "record.deviationTolerance"),
                bad("lanczos steps zero", run + "--set record.deviationLanczosSteps=0", "record.deviationLanczosSteps"),
                bad("record mistyped", run + "--set recrd.every=1", "did you mean record?"),
                bad("several problems at once", run + "--set problem.nn=1 --set algorithm.stepSize=null --set record.every=0",
                        "3 problems"),
                // run: names and overrides
                bad("name climbing out", run + "--set name=../../x", "'../../x'"),
                bad("name empty", run + "--set name=", "name: ''"),
                bad("name absolute", run + "--set name=/x", "'/x'"),
                bad("name upper case", run + "--set name=Big", "'Big'"),
                bad("name a number", run + "--set name=5", "name: expected a string"),
                bad("name with a dot part", run + "--set name=a/./b", "'a/./b'"),
                bad("override of '.'", run + "--set .=1", "'.'"),
                bad("override without a key", run + "--set =1", "=1"),
                bad("override without =", run + "--set problem", "path=value"),
                bad("override with an empty part", run + "--set problem..n=1", "'problem..n'"),
                bad("override through a number", run + "--set problem.n.x=1", "problem.n"),
                ok("name of an experiment's run", run + "--set name=fig5/ipgd-seed1"),
                ok("override that parses as a string", run + "--set name=renamed"),
                // run: the spec file
                bad("spec missing", "run {dir}/absent.json --out {out}", "absent.json"),
                bad("spec a directory", "run {dir} --out {out}", "{dir}"),
                bad("spec not JSON", runFile, "not valid JSON", "s.json", "hello"),
                bad("spec truncated", runFile, "ends before the JSON value does", "s.json", "{\"problem\": {"),
                bad("duplicate top-level key", runFile, "'problem' appears twice", "s.json",
                        spec("\"init\"", "\"problem\": {}, \"init\"")),
                bad("duplicate nested key", runFile, "'problem.n' appears twice", "s.json", spec("\"n\": 8,", "\"n\": 8, \"n\": 9,")),
                bad("trailing text", runFile, "text after the end", "s.json", SPEC + " tail"),
                bad("trailing brace", runFile, "text after the end of the JSON value at line 1, column 40", "s.json", SPEC + "}"),
                bad("trailing object", runFile, "text after the end", "s.json", SPEC + "\n{}"),
                bad("top-level array", runFile, "JSON object", "s.json", "[" + SPEC + "]"),
                bad("empty file", runFile, "empty", "s.json", ""),
                bad("NaN literal", runFile, "NaN", "s.json", spec("0.05", "NaN")),
                bad("comment", runFile, "no comments at line 1", "s.json", "// my run\n" + SPEC),
                bad("single quotes", runFile, "line 1", "s.json", SPEC.replace('"', '\'')),
                bad("not UTF-8", runFile, "UTF-8", "s.json", "{\"name\": \"caf\u00e9\"}"),
                bad("typo for a required key", runFile, "did you mean rank?", "s.json", spec("\"rank\"", "\"rnak\"")),
                bad("name null object", runFile, "name: expected a string", "s.json", spec("\"small\"", "{}")),
                ok("byte-order mark", runFile, "s.json", "\uFEFF" + SPEC),
                // run: init files
                bad("init of NaNs", run + "--set init={\"type\":\"file\",\"path\":\"{file}\"}", "NaN", "x0.csv", nan(8, 8)),
                bad("init with a word", run + "--set init={\"type\":\"file\",\"path\":\"{file}\"}", "'abc'", "x0.csv",
                        "abc" + ",0".repeat(7) + "\n"),
                bad("init with Infinity", run + "--set init={\"type\":\"file\",\"path\":\"{file}\"}", "Infinity", "x0.csv",
                        "Infinity" + ",0".repeat(7) + "\n"),
                bad("init too few rows", run + "--set init={\"type\":\"file\",\"path\":\"{file}\"}", "rows", "x0.csv",
                        zeros(3, 8)),
                bad("init too few columns", run + "--set init={\"type\":\"file\",\"path\":\"{file}\"}", "expected 8", "x0.csv",
                        zeros(8, 3)),
                bad("init empty", run + "--set init={\"type\":\"file\",\"path\":\"{file}\"}", "no numbers", "x0.csv", ""),
                bad("init a directory", run + "--set init={\"type\":\"file\",\"path\":\"{dir}\"}", "directory"),
                bad("init changed since the run", run + "--set init={\"type\":\"file\",\"path\":\"{file}\",\"sha256\":\"00\"}",
                        "sha256", "x0.csv", zeros(8, 8)),
                ok("init relative to the working directory", run + "--set init.type=file --set init.path={file:relative}",
                        "x0.csv", zeros(8, 8)),
                // run: instance files (problem.instance; the files sit in inst/ beside the spec)
                bad("instance y truncated", runFile, "y.npy: truncated", instance("y.npy", npy("<f8", "(30,)", 29))),
                bad("instance A of float32", runFile, "A.npy: dtype '<f4' is not supported",
                        instance("A.npy", npy("<f4", "(30, 3, 3)", 270 / 2))),
                bad("instance A big-endian", runFile, "'>f8' is big-endian", instance("A.npy", npy(">f8", "(30, 3, 3)", 270))),
                bad("instance A of NaNs", runFile, "A.npy: entry [0, 0, 0] is NaN",
                        instance("A.npy", npyOf("(30, 3, 3)", Double.NaN, 270))),
                bad("instance A of the wrong shape", runFile, "expected (N, n1, n2) = (30, any, any)",
                        instance("A.npy", npy("<f8", "(29, 3, 3)", 261))),
                bad("instance A with bytes after it", runFile, "has bytes after the 270 values",
                        instance("A.npy", npy("<f8", "(30, 3, 3)", 271))),
                bad("instance A not .npy", runFile, "A.npy: not a .npy file", instance("A.npy", "1,2,3\n")),
                bad("instance y missing", runFile, "the array 'y' is missing", instance("y.npy", null)),
                bad("instance array misspelt", runFile, "unknown array Y", instance("Y.npy", npy("<f8", "(30,)", 30))),
                bad("instance with a generator key", runFile, "problem.seed: not used with problem.instance",
                        instance(null, null, ", \"seed\": 1")),
                bad("instance folder missing", runFile, "no such file or directory", "s.json",
                        INSTANCE_SPEC.formatted("symmetric-sensing", "absent", "")),
                bad("instance entries repeated", runFile, "entry (1, 2) is given twice",
                        completion(MTX + "3 3 3\n1 2 1.5\n2 2 1\n1 2 2\n")),
                bad("instance entry NaN", runFile, "the value of entry (1, 2) is NaN",
                        completion(MTX + "3 3 1\n1 2 NaN\n")),
                bad("instance entry outside", runFile, "outside the 3×3 matrix", completion(MTX + "3 3 1\n4 2 1\n")),
                ok("instance entries from Matrix Market", runFile, completion(MTX + "3 3 2\n1 2 1.5\n2 2 1\n")),
                // run: output directory and options
                bad("out under /proc", "run {spec} --out /proc/irlab-faults", "/proc/irlab-faults"),
                bad("out a file", "run {spec} --out {plain}", "{plain}"),
                bad("out below a file", "run {spec} --out {plain}/sub", "{plain}"),
                bad("out empty", "run {spec} --out ''", "empty"),
                bad("out in use", "run {spec} --out {locked}", "in use"),
                bad("unknown option", run + "--fast", "--fast"),
                bad("no spec", "run --out {out}", "SPEC"),
                bad("two specs", run + "{spec}", "{spec}"),
                bad("out without a value", "run {spec} --out", "--out"),
                bad("set without a value", "run {spec} --out {out} --set", "--set"),
                bad("unknown command", "frobnicate", "frobnicate"),
                ok("help", "run --help"),
                // complete: options
                bad("input missing", "complete {dir}/absent.csv --out {out}", "absent.csv"),
                bad("input a directory", "complete {dir} --out {out}", "is a directory"),
                bad("extension unknown", ratingsFile, "--format", "r.txt", "userId,itemId,rating\n"),
                bad("format unknown", complete + "--format xls", "'xls'"),
                bad("test fraction zero", complete + "--test-fraction 0", "--test-fraction"),
                bad("test fraction above one", complete + "--test-fraction 1.5", "--test-fraction"),
                bad("test fraction a word", complete + "--test-fraction most", "--test-fraction"),
                bad("validation fraction zero", complete + "--validation-fraction 0", "--validation-fraction"),
                bad("validation fraction NaN", complete + "--validation-fraction NaN", "--validation-fraction"),
                bad("seed a word", complete + "--seed x", "--seed"),
                bad("seed overflowing", complete + "--seed 99999999999999999999", "99999999999999999999"),
                bad("method unknown", complete + "--methods magic", "'magic'"),
                bad("method twice", complete.replace("--methods global-mean,biases ", "") + "--methods als,als", "'als' twice"),
                bad("duplicates policy unknown", complete + "--duplicates sometimes", "'sometimes'"),
                bad("invalid-ratings policy unknown", complete + "--invalid-ratings maybe", "'maybe'"),
                bad("centering unknown", complete + "--centering zero", "'zero'"),
                bad("max rank zero", complete + "--max-rank 0", "--max-rank"),
                bad("irlab search rank zero", complete + "--search-rank 0", "--search-rank"),
                bad("members zero", complete + "--members 0", "--members"),
                bad("members 101", complete + "--members 101", "--members"),
                bad("ALS rank zero", complete + "--als-ranks 0", "alsRanks"),
                bad("ALS rank a word", complete + "--als-ranks x", "--als-ranks"),
                bad("ALS rank above the input's size", complete.replace("global-mean,biases", "als") + "--als-ranks 5,100000",
                        "alsRanks (--als-ranks): rank 100000 is not in 1.."),
                bad("ALS ranks the default grid, given", complete.replace("global-mean,biases", "als")
                        + "--als-ranks 5,10,20,40", "alsRanks (--als-ranks): rank 40 is not in 1..20"),
                bad("fit ALS rank above the input's size", fit.replace("biases", "als") + "--als-ranks 100000",
                        "--als-ranks: rank 100000 is not in 1.."),
                bad("evaluate ALS rank above the input's size", evaluate + "--als-ranks 100000",
                        "--als-ranks: rank 100000 is not in 1.."),
                bad("ALS lambda negative", complete + "--als-lambdas -1", "alsLambdas"),
                bad("missing on ratings", complete + "--missing 0.5", "--missing"),
                bad("mask on ratings", complete + "--mask {image}", "--mask"),
                bad("channels on ratings", complete + "--channels rgb", "--channels"),
                bad("complete out under /proc", "complete {ratings} --out /proc/irlab-faults", "/proc/irlab-faults"),
                bad("complete out a file", "complete {ratings} --out {plain}", "{plain}"),
                bad("complete out in use", "complete {ratings} --out {locked}", "in use"),
                bad("complete without input", "complete --out {out}", "INPUT"),
                // complete: ratings files
                bad("ratings empty", ratingsFile, "empty", "r.csv", ""),
                bad("ratings header only", ratingsFile, "no ratings", "r.csv", "userId,itemId,rating\n"),
                bad("ratings without rating column", ratingsFile, "rating column", "r.csv", "userId,itemId,score\n1,2,3\n"),
                bad("ratings row short", ratingsFile, "line 2", "r.csv", ratingsWith("1,2")),
                bad("ratings unterminated quote", ratingsFile, "line 2", "r.csv", ratingsWith("\"1,2,3")),
                bad("ratings empty user", ratingsFile, "line 2", "r.csv", ratingsWith(",2,3")),
                bad("ratings non-numeric", ratingsFile, "at line 2", "r.csv", ratingsWith("9,9,good")),
                bad("ratings NaN", ratingsFile, "at line 2", "r.csv", ratingsWith("9,9,NaN")),
                bad("ratings infinite", ratingsFile, "at line 2", "r.csv", ratingsWith("9,9,-Infinity")),
                bad("ratings -1e308", ratingsFile, "-1.0E308", "r.csv", ratingsWith("9,9,-1e308")),
                bad("ratings 1e101", ratingsFile, "line 2", "r.csv", ratingsWith("9,9,1e101")),
                bad("ratings repeated pair", ratingsFile, "pair at line 3", "r.csv",
                        ratingsWith("1,1,4\n1,1,5")),
                bad("ratings constant", ratingsFile, "equal 3.0", "r.csv", constantRatings(8, 6)),
                bad("ratings of one user", ratingsFile, "1 rows", "r.csv", oneUser(20)),
                bad("ratings of one item", ratingsFile, "1 columns", "r.csv", oneItem(20)),
                bad("ratings too few", ratingsFile, "--test-fraction", "r.csv", "userId,itemId,rating\n1,1,1\n2,2,2\n"),
                bad("ratings not UTF-8", ratingsFile, "r.csv: line 2 is not UTF-8", "r.csv", ratingsWith("caf\u00e9,1,3")),
                ok("ratings quoted, blank lines, extra columns", ratingsFile, "r.csv", quotedRatings(12)),
                ok("ratings constant but for one ulp", ratingsFile + " --methods softimpute", "r.csv",
                        constantRatings(8, 6).replaceAll("(?m)^1,(\\d),3$", "1,$1,3.0000000000000004")),
                ok("ratings repeated pair averaged", ratingsFile + " --duplicates mean", "r.csv", ratingsWith("1,1,4\n1,1,5")),
                ok("ratings with a bad one skipped", ratingsFile + " --invalid-ratings skip", "r.csv", ratingsWith("9,9,x")),
                // complete: reader options (issue 19)
                bad("ratings separator empty", complete + "--sep ''", "--sep"),
                bad("ratings columns unknown", complete + "--columns user,thing,rating", "'thing'"),
                bad("ratings columns without item", complete + "--columns user,rating", "an item column"),
                bad("ratings columns twice", complete + "--columns user,item,user,rating", "user 2 times"),
                bad("ratings columns without rating", ratingsFile + " --columns user,item", "names no rating column",
                        "r.csv", ratingsWith("9,9,3")),
                bad("ratings time unparsable", ratingsFile, "line 2: time 'soon'", "r.csv",
                        "userId,itemId,rating,timestamp\n1,1,3,soon\n"),
                bad("duplicates latest without times", ratingsFile + " --duplicates latest",
                        "--duplicates latest needs a time column", "r.csv", ratingsWith("1,1,4\n1,1,5")),
                bad("headerless with the wrong separator", ratingsFile + " --no-header", "found 1 field", "r.csv",
                        "1;1;3\n2;2;4\n"),
                bad("separator on an image", image + "--sep ;", "--sep applies to ratings tables"),
                bad("columns on Matrix Market", mtx + " --columns user,item,rating", "--columns applies to ratings tables",
                        "m.mtx", symmetricMtx(8)),
                bad("duplicates latest on Matrix Market", mtx + " --duplicates latest",
                        "--duplicates latest: Matrix Market files have no times: use --duplicates last or mean", "m.mtx",
                        symmetricMtx(8)),
                bad("fit duplicates latest on Matrix Market",
                        "complete fit {file} --model {out} -q --method biases --duplicates latest",
                        "--duplicates latest: Matrix Market files have no times: use --duplicates last or mean", "m.mtx",
                        symmetricMtx(8)),
                ok("ratings.dat of MovieLens", ratingsFile, "ratings.dat", datRatings(12)),
                ok("headerless csv", ratingsFile, "r.csv", ratingsWith("9,9,3").replace("userId,itemId,rating\n", "")),
                ok("repeated pair, latest time kept", ratingsFile + " --duplicates latest", "r.csv",
                        "userId,itemId,rating,timestamp\n" + ratingsWith("1,1,4").substring(21).replaceAll("\n", ",5\n")
                                + "1,1,5,9\n"),
                // complete fit / predict / recommend / evaluate (issue 19)
                bad("fit without --model", "complete fit {ratings}", "--model"),
                bad("fit method unknown", "complete fit {ratings} --model {out} -q --method magic", "'magic'"),
                bad("fit validation fraction one", fit + "--validation-fraction 1", "--validation-fraction"),
                bad("fit input missing", "complete fit {dir}/absent.csv --model {out} -q", "absent.csv"),
                bad("fit input a directory", "complete fit {dir} --model {out} -q", "is a directory"),
                bad("fit model of another input", "complete fit {file} --model {model} -q --method biases",
                        "holds a model of another input", "r.csv", ratingsWith("9,9,3")),
                bad("fit model dir a file", "complete fit {ratings} --model {plain} -q --method biases", "{plain}"),
                bad("fit mask on ratings", fit + "--mask {image}", "--mask"),
                bad("fit sep on an image", "complete fit {image} --model {out} -q --sep ;", "--sep"),
                bad("fit constant ratings", "complete fit {file} --model {out} -q --method biases", "equal 3.0", "r.csv",
                        constantRatings(8, 6)),
                bad("fit engine unknown", fit + "--engine hadoop", "--engine must be local or spark, not 'hadoop'"),
                bad("fit master without spark", fit + "--master local[2]", "--master applies to --engine spark"),
                bad("fit like-spark for a baseline", fit + "--like-spark", "--like-spark"),
                bad("fit like-spark with the spark engine", "complete fit {ratings} --model {out} -q --like-spark --engine spark",
                        "--like-spark"),
                bad("fit spark engine for a baseline", fit + "--engine spark", "runs the rank-free method irlab, not biases"),
                bad("fit URI with the local engine", "complete fit file://{ratings} --model {out} -q",
                        "file://{ratings} is a URI: the local engine reads local files; use 'complete fit --engine spark'"),
                bad("fit hdfs URI with the local engine", "complete fit hdfs://namenode/r.csv --model {out} -q",
                        "INPUT hdfs://namenode/r.csv is a URI"),
                bad("evaluate a URI", "complete evaluate hdfs://namenode/r.csv --out {out} -q", "is a URI"),
                bad("complete a URI", "complete s3a://bucket/r.csv --out {out} -q", "is a URI"),
                bad("fit spark engine not on the class path", "complete fit {ratings} --model {out} -q --engine spark",
                        "needs irlab-spark.jar and Spark on the class path"),
                bad("input inside --out under a result name", "complete {file} --out {dir} -q --methods global-mean",
                        "is inside --out", "original.png", "the user's own picture"),
                bad("fit input inside --model under a model file name",
                        "complete fit {file} --model {dir} -q --method biases --format ratings", "is inside --model",
                        "model.json", ratingsWith("9,9,3")),
                bad("evaluate input inside --out under a result name",
                        "complete evaluate {file} --out {dir} -q --methods biases", "where this command writes compare.csv",
                        "compare.csv", ratingsWith("9,9,3")),
                ok("fit and save", fit),
                bad("predict unknown ids", "complete predict --model {model} {file} --out {out}/p.csv", "user 'nobody'",
                        "p.csv", "userId,movieId\nnobody,1000\n"),
                bad("predict unknown policy", "complete predict --model {model} {file} --unknown maybe", "'maybe'", "p.csv",
                        "userId,movieId\n1,1000\n"),
                bad("predict model missing", "complete predict --model {dir}/none {file}", "no such directory", "p.csv",
                        "userId,movieId\n1,1000\n"),
                bad("predict not a model directory", "complete predict --model {dir} {file}", "no model.json", "p.csv",
                        "userId,movieId\n1,1000\n"),
                bad("predict tampered model", "complete predict --model {tampered} {file}", "item_factors.npy: its SHA-256",
                        "p.csv", "userId,movieId\n1,1000\n"),
                bad("predict model.json not JSON", "complete predict --model {dir}/m {file}", "not valid JSON", "p.csv",
                        "userId,movieId\n1,1000\n", "m/model.json", "{"),
                bad("predict pairs missing", "complete predict --model {model} {dir}/absent.csv", "absent.csv"),
                bad("predict pairs without an item column", "complete predict --model {model} {file}", "item column",
                        "p.csv", "userId,thing\n1,1000\n"),
                bad("predict no pairs", "complete predict --model {model} {file}", "no pairs", "p.csv", "userId,movieId\n"),
                bad("predict without pairs", "complete predict --model {model}", "missing PAIRS"),
                ok("predict unknown ids from the biases", "complete predict --model {model} {file} --unknown fallback -q"
                        + " --out {out}/p.csv", "p.csv", "userId,movieId\nnobody,1000\n"),
                bad("recommend K zero", "complete recommend --model {model} --top 0", "--top must be ≥ 1"),
                bad("recommend K negative", "complete recommend --model {model} --top -2", "--top must be ≥ 1"),
                bad("recommend K a word", "complete recommend --model {model} --top many", "--top"),
                bad("recommend unknown users", "complete recommend --model {model} --users {file} --out {out}/r.csv",
                        "'ghost'", "u.txt", "ghost\n"),
                bad("recommend users empty", "complete recommend --model {model} --users {file}", "no user ids", "u.txt",
                        "\n"),
                bad("recommend without --model", "complete recommend --top 3", "--model"),
                bad("evaluate one fold", evaluate + "--folds 1", "--folds must be ≥ 2"),
                bad("evaluate folds and split", evaluate + "--folds 3 --split random", "give one of --folds, --split"),
                bad("evaluate split unknown", evaluate + "--split sometimes", "'sometimes'"),
                bad("evaluate top zero", evaluate + "--top 0", "--top must be ≥ 1"),
                bad("evaluate relevance NaN", evaluate + "--relevance NaN", "--relevance"),
                bad("evaluate repeats with folds", evaluate + "--folds 3 --repeats 2", "--repeats"),
                bad("evaluate test fraction with folds", evaluate + "--folds 3 --test-fraction 0.5", "--test-fraction"),
                bad("evaluate unknown policy without a test file", evaluate + "--unknown skip", "--unknown"),
                bad("evaluate unknown policy misspelt", evaluate + "--test {file} --unknown maybe", "'maybe'", "t.csv",
                        "userId,movieId,rating\n1,1000,3\n"),
                bad("evaluate time split without times", "complete evaluate {file} --split time --out {out} -q",
                        "needs a time column", "r.csv", ratingsWith("9,9,3")),
                bad("evaluate test of unknown users", evaluate + "--test {file}", "user 'stranger'", "t.csv",
                        "userId,movieId,rating\nstranger,1000,3\n"),
                bad("evaluate test pairs trained on", evaluate + "--test {file}", "also in INPUT", "t.csv",
                        "userId,movieId,rating\n" + java.util.stream.IntStream.range(1000, 1020)
                                .mapToObj(i -> "1," + i + ",3\n").collect(java.util.stream.Collectors.joining())),
                bad("evaluate an image", "complete evaluate {image} --out {out} -q", "evaluate applies to ratings"),
                // complete: Matrix Market files
                bad("mtx empty", mtx, "empty", "m.mtx", ""),
                bad("mtx banner wrong", mtx, "line 1", "m.mtx", "%%MatrixMarket tensor\n2 2 1\n1 1 1\n"),
                bad("mtx array format", mtx, "'array'", "m.mtx", "%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n"),
                bad("mtx pattern field", mtx, "'pattern'", "m.mtx", "%%MatrixMarket matrix coordinate pattern general\n2 2 1\n1 1\n"),
                bad("mtx hermitian", mtx, "'hermitian'", "m.mtx", "%%MatrixMarket matrix coordinate real hermitian\n2 2 1\n1 1 1\n"),
                bad("mtx without size line", mtx, "size line", "m.mtx", MTX + "% entries only\n1 1 5\n1 2 3\n2 1 4\n"),
                bad("mtx only a banner", mtx, "no size line", "m.mtx", MTX),
                bad("mtx size not integers", mtx, "line 2", "m.mtx", MTX + "2.5 2 1\n1 1 1\n"),
                bad("mtx size negative", mtx, "impossible size", "m.mtx", MTX + "-2 2 1\n1 1 1\n"),
                bad("mtx size above int", mtx, "line 2", "m.mtx", MTX + "3000000000 2 1\n1 1 1\n"),
                bad("mtx symmetric not square", mtx, "square", "m.mtx",
                        "%%MatrixMarket matrix coordinate real symmetric\n2 3 1\n1 1 1\n"),
                bad("mtx entry out of range", mtx, "line 4", "m.mtx", MTX + "3 3 2\n1 1 1\n4 1 1\n"),
                bad("mtx entry index a word", mtx, "line 3", "m.mtx", MTX + "3 3 1\na 1 1\n"),
                bad("mtx entry short", mtx, "line 3", "m.mtx", MTX + "3 3 1\n1 1\n"),
                bad("mtx count mismatch", mtx, "declares 5", "m.mtx", MTX + "3 3 5\n1 1 1\n2 2 2\n"),
                bad("mtx billion-square header", mtx, "GiB", "m.mtx", MTX + "1000000000 1000000000 5\n1 1 1\n"),
                bad("mtx NaN value", mtx, "at line 3", "m.mtx", MTX + "3 3 2\n1 1 NaN\n2 2 1\n"),
                bad("mtx -1e308", mtx, "-1.0E308", "m.mtx", MTX + "3 3 2\n1 1 -1e308\n2 2 1\n"),
                bad("mtx more entries than cells", mtx, "'3 3 10': a 3×3 matrix has at most 9 entries", "m.mtx",
                        MTX + "3 3 10\n1 1 1\n"),
                bad("mtx symmetric header beyond the heap", mtx, "GiB of heap", "m.mtx", "%%MatrixMarket matrix coordinate"
                        + " real symmetric\n2000000000 2000000000 1000000000000000000\n1 1 1\n"),
                bad("mtx not UTF-8", mtx, "m.mtx: line 3 is not UTF-8", "m.mtx", MTX + "3 3 1\n% caf\u00e9\n1 1 1\n"),
                ok("mtx symmetric", mtx + " --test-fraction 0.3", "m.mtx", symmetricMtx(8)),
                // complete: images
                bad("image not an image", "complete {file} --out {out} -q", "not an image", "p.png", "not a png"),
                bad("image 64x1", "complete {img64x1} --out {out} -q", "64×1"),
                bad("image 1x64", "complete {img1x64} --out {out} -q", "1×64"),
                bad("image constant", "complete {imgconst} --out {out} -q", "equal"),
                bad("missing hiding no pixel", image + "--missing 1e-9", "--missing 1.0E-9"),
                bad("missing hiding every pixel", image + "--missing 0.9999999", "hides all"),
                bad("missing zero", image + "--missing 0", "--missing"),
                bad("missing one", image + "--missing 1", "--missing"),
                bad("missing negative", image + "--missing -0.5", "--missing"),
                bad("test fraction on an image", image + "--test-fraction 0.3", "--test-fraction"),
                bad("duplicates on an image", image + "--duplicates last", "--duplicates"),
                bad("channels unknown", image + "--channels purple", "'purple'"),
                bad("mask missing", image + "--mask {dir}/absent.png", "absent.png"),
                bad("mask of another size", image + "--mask {img64x1}", "mask is 64×1"),
                bad("mask hiding everything", image + "--mask {maskblack}", "hides every pixel"),
                bad("mask hiding nothing", image + "--mask {maskwhite}", "hides no pixel"),
                bad("mask and missing", image + "--mask {maskwhite} --missing 0.5", "not both"),
                bad("mask damaged", image + "--mask {imgdamaged}", "{imgdamaged}: cannot read the image"),
                bad("mask a directory", image + "--mask {dir}", "{dir} is a directory"),
                bad("image damaged", "complete {imgdamaged} --out {out} -q", "{imgdamaged}: cannot read the image"),
                ok("image with one constant channel", image.replace("{image}", "{imgredblue}") + "--methods softimpute"),
                ok("image half hidden", image + "--missing 0.5"),
                // reproduce
                bad("only empty", reproduce + "--only ''", "--only"),
                bad("only with an empty name", reproduce + "--only ,sensing", "--only"),
                bad("only unknown", reproduce + "--only fig42", "'fig42'"),
                bad("threads zero", reproduce + "--threads 0", "--threads"),
                bad("threads negative", reproduce + "--threads -2", "--threads"),
                bad("threads a word", reproduce + "--threads many", "--threads"),
                bad("experiments missing", "reproduce --experiments {dir}/none --out {out} -q", "index.json"),
                bad("index not JSON", defs, "index.json", "index.json", "experiments: x"),
                bad("index with a repeated key", defs, "'experiments' appears twice", "index.json",
                        "{\"experiments\": [\"x\"], \"experiments\": []}", "x.json", EXPERIMENT),
                bad("index naming a missing file", defs, "x.json", "index.json", INDEX),
                bad("experiment with trailing text", defs, "text after the end", "index.json", INDEX, "x.json", EXPERIMENT + "}"),
                bad("experiment with a bad run key", defs, "problem.truth", "index.json", INDEX, "x.json",
                        EXPERIMENT.replace("\"truth\": [1]", "\"truth\": \"one\"")),
                bad("experiment with a mistyped key", defs, "did you mean stepSize?", "index.json", INDEX, "x.json",
                        EXPERIMENT.replace("stepSize", "stepsize")),
                bad("experiment name upper case", defs, "'X'", "index.json", "{\"experiments\": [\"X\"]}", "X.json",
                        EXPERIMENT.replace("\"name\": \"x\"", "\"name\": \"X\"")),
                bad("reproduce out a file", "reproduce --experiments {tiny} --out {plain} -q", "{plain}"),
                bad("reproduce out under /proc", "reproduce --experiments {tiny} --out /proc/irlab-faults -q", "/proc/irlab-faults"),
                bad("reproduce out in use", "reproduce --experiments {tiny} --out {locked} -q", "in use"),
                bad("reproduce unknown option", reproduce + "--fast", "--fast"),
                ok("reproduce help", "reproduce --help"),
                // data
                bad("data set unknown", "data fetch nothing --dir {out}", "nothing"),
                bad("data set missing", "data fetch --dir {out}", "NAME"),
                bad("data two names", "data fetch camera camera --dir {out}", "camera"),
                bad("data dir a file", "data fetch camera --dir {plain}", "{plain}"),
                bad("data dir under /proc", "data fetch camera --dir /proc/irlab-faults", "/proc/irlab-faults"),
                bad("data command unknown", "data frobnicate", "frobnicate"),
                ok("data already present", "data fetch camera --dir {dir}", "camera.png", "present"),
                // fig6
                bad("fig6 without out", "fig6 {spec}", "--out"),
                bad("fig6 spec missing", "fig6 {dir}/absent.json --out {out} -q", "absent.json"),
                bad("fig6 bad override", "fig6 {spec} --out {out} -q --set problem.n=0", "problem.n"),
                bad("fig6 out a file", "fig6 {spec} --out {plain} -q", "{plain} exists and is not a directory"),
                bad("fig6 out under /proc", "fig6 {spec} --out /proc/irlab-faults -q", "/proc/irlab-faults"),
                bad("fig6 directory without a run", "fig6 {dir} --out {out} -q", "{dir}/spec.json"),
                ok("version", "--version"));
    }

    @BeforeAll
    static void fixtures() throws IOException {
        Files.writeString(shared.resolve("spec.json"), SPEC);
        FIXTURES.put("spec", shared.resolve("spec.json").toString());
        FIXTURES.put("ratings", SyntheticData.ratings(shared.resolve("ratings.csv"), 30, 20, 0.5, 3).toString());
        FIXTURES.put("image", SyntheticData.picture(shared.resolve("image.png"), 24, 20).toString());
        FIXTURES.put("img64x1", png(shared.resolve("img64x1.png"), 64, 1, (x, y) -> (x * 4) % 256));
        FIXTURES.put("img1x64", png(shared.resolve("img1x64.png"), 1, 64, (x, y) -> (y * 4) % 256));
        FIXTURES.put("imgconst", png(shared.resolve("imgconst.png"), 24, 20, (x, y) -> 128));
        FIXTURES.put("maskblack", png(shared.resolve("maskblack.png"), 24, 20, (x, y) -> 0));
        FIXTURES.put("maskwhite", png(shared.resolve("maskwhite.png"), 24, 20, (x, y) -> 255));
        byte[] whole = Files.readAllBytes(Path.of(FIXTURES.get("image")));
        Files.write(shared.resolve("damaged.png"), java.util.Arrays.copyOf(whole, 60)); // header, then cut off
        FIXTURES.put("imgdamaged", shared.resolve("damaged.png").toString());
        BufferedImage redBlue = new BufferedImage(24, 20, BufferedImage.TYPE_INT_RGB); // green is 0 everywhere
        for (int y = 0; y < 20; y++) for (int x = 0; x < 24; x++) redBlue.setRGB(x, y, ((x * 37 + y * 11) % 256) << 16 | (x * y) % 256);
        ImageIO.write(redBlue, "png", shared.resolve("redblue.png").toFile());
        FIXTURES.put("imgredblue", shared.resolve("redblue.png").toString());
        Files.writeString(shared.resolve("plain.txt"), "a regular file\n");
        FIXTURES.put("plain", shared.resolve("plain.txt").toString());
        Path model = shared.resolve("model"), tampered = shared.resolve("tampered");
        Cli.Result fitted = Cli.irlab("complete", "fit", FIXTURES.get("ratings"), "--model", model.toString(), "-q",
                "--method", "als", "--als-ranks", "2", "--als-lambdas", "0.1");
        if (fitted.exit() != 0) throw new IllegalStateException("cannot fit the model fixture: " + fitted.err());
        FIXTURES.put("model", model.toString());
        Files.createDirectories(tampered);
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : files.toList()) Files.copy(f, tampered.resolve(f.getFileName()));
        }
        byte[] factors = Files.readAllBytes(tampered.resolve("item_factors.npy"));
        factors[factors.length - 3] ^= 0x10;
        Files.write(tampered.resolve("item_factors.npy"), factors);
        FIXTURES.put("tampered", tampered.toString());
        try {
            FIXTURES.put("tiny", Path.of(FaultInjectionTest.class.getResource("/tiny-experiments/index.json").toURI())
                    .getParent().toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        held = RunDirectory.open(shared.resolve("locked"), List.of("summary.json"));
        FIXTURES.put("locked", held.path().toString());
    }

    @AfterAll
    static void summary() throws IOException {
        if (held != null) held.close();
        int bad = 0, exit2 = 0, named = 0, traces = 0, leftovers = 0, valid = 0, validOk = 0;
        for (String o : OUTCOMES.values()) {
            if (o.startsWith("valid")) {
                valid++;
                if (o.contains("exit=0")) validOk++;
                continue;
            }
            bad++;
            if (o.contains("exit=2")) exit2++;
            if (o.contains("named")) named++;
            if (o.contains("trace")) traces++;
            if (o.contains("leftover")) leftovers++;
        }
        String text = String.format(Locale.ROOT, "fault-injection suite: %d cases (%d malformed, %d valid by design)%n"
                + "malformed: exit 2 %d/%d, cause named %d/%d, stack traces %d, result files left %d%n"
                + "valid by design: exit 0 %d/%d%n", bad + valid, bad, valid, exit2, bad, named, bad, traces, leftovers,
                validOk, valid);
        StringBuilder all = new StringBuilder(text).append('\n');
        new TreeMap<>(MESSAGES).forEach((label, message) -> all.append(label).append(" → ").append(message).append('\n'));
        text = all.toString();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "fault-injection.txt"), text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedInputExitsTwoNamingTheCauseAndLeavesNoResult(Case c, @TempDir Path dir) throws IOException {
        for (int i = 0; i + 1 < c.files().length; i += 2) {
            Path f = dir.resolve(c.files()[i]);
            Files.createDirectories(f.getParent());
            boolean bytes = c.label().endsWith("not UTF-8") || c.files()[i].endsWith(".npy"); // binary, char = byte
            Files.write(f, c.files()[i + 1].getBytes(bytes ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
        }
        Path out = dir.resolve("out");
        String first = c.files().length > 0 ? dir.resolve(c.files()[0]).toString() : "";
        List<String> args = new ArrayList<>();
        for (String token : c.args().trim().split(" +")) args.add(expand(token, dir, out, first));
        Cli.Result r = Cli.irlab(args.toArray(String[]::new));
        String named = c.named() == null ? null : expand(c.named(), dir, out, first);
        boolean leftover = hasResults(out);
        StringBuilder outcome = new StringBuilder(c.valid() ? "valid" : "malformed").append(" exit=").append(r.exit());
        if (named != null && r.err().contains(named)) outcome.append(" named");
        if (r.stackTrace()) outcome.append(" trace");
        if (!c.valid() && leftover) outcome.append(" leftover");
        if (OUTCOMES.put(c.label(), outcome.toString()) != null) throw new IllegalStateException("label twice: " + c);
        MESSAGES.put(c.label(), "exit " + r.exit() + ": " + (r.err().isBlank() ? r.out() : r.err()).strip()
                .replace("\n", " / "));

        String shown = "\nstdout: " + r.out() + "\nstderr: " + r.err();
        assertThat(r.stackTrace()).as("a stack trace" + shown).isFalse();
        if (c.valid()) {
            assertThat(r.exit()).as("valid by design" + shown).isZero();
            return;
        }
        assertThat(r.exit()).as("exit code" + shown).isEqualTo(2);
        assertThat(r.err()).as("names the cause").contains(named);
        assertThat(leftover).as("result files left in " + out).isFalse();
    }

    /** True when {@code out} holds any file but the lock (a malformed input must not write results). */
    private static boolean hasResults(Path out) throws IOException {
        if (!Files.isDirectory(out)) return false;
        try (Stream<Path> files = Files.walk(out)) {
            return files.filter(Files::isRegularFile)
                    .anyMatch(f -> !f.getFileName().toString().equals(RunDirectory.LOCK));
        }
    }

    private static String expand(String token, Path dir, Path out, String first) {
        if (token.equals("''")) return "";
        String t = token.replace("{out}", out.toString()).replace("{dir}", dir.toString());
        if (t.contains("{file:relative}")) {
            t = t.replace("{file:relative}", Path.of("").toAbsolutePath().relativize(Path.of(first)).toString());
        }
        t = t.replace("{file}", first);
        for (Map.Entry<String, String> f : FIXTURES.entrySet()) t = t.replace("{" + f.getKey() + "}", f.getValue());
        return t;
    }

    private interface Pixel { int gray(int x, int y); }

    private static String png(Path file, int width, int height, Pixel pixel) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) image.getRaster().setSample(x, y, 0, pixel.gray(x, y));
        ImageIO.write(image, "png", file.toFile());
        return file.toString();
    }

    private static String zeros(int rows, int cols) {
        return ("0" + ",0".repeat(cols - 1) + "\n").repeat(rows);
    }

    /** A spec reading its problem from inst/ (type, folder, extra keys). */
    static final String INSTANCE_SPEC = "{\"problem\": {\"type\": \"%s\", \"instance\": \"%s\", \"rank\": 1%s},"
            + " \"algorithm\": {\"type\": \"gd\", \"stepSize\": 0.01, \"maxIterations\": 5}}";

    /**
     * The files of a valid symmetric sensing instance (N = 30, n = 3) in inst/, the spec first, with {@code name}
     * replaced by {@code content} (or left out when it is null, or added when it is new) and {@code keys} added to the
     * problem.
     */
    private static String[] instance(String name, String content, String... keys) {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("A.npy", npy("<f8", "(30, 3, 3)", 270));
        files.put("y.npy", npy("<f8", "(30,)", 30));
        if (name != null) {
            if (content == null) files.remove(name); else files.put(name, content);
        }
        List<String> out = new ArrayList<>(List.of("s.json",
                INSTANCE_SPEC.formatted("symmetric-sensing", "inst", String.join("", keys))));
        for (Map.Entry<String, String> e : files.entrySet()) {
            out.add("inst/" + e.getKey());
            out.add(e.getValue());
        }
        return out.toArray(String[]::new);
    }

    /** The files of a completion instance whose entries are the Matrix Market text given. */
    private static String[] completion(String entries) {
        return new String[] {"s.json", INSTANCE_SPEC.formatted("asymmetric-completion", "inst", ""), "inst/entries.mtx",
                entries};
    }

    /** A .npy image (as ISO-8859-1 text, written back byte for byte) of {@code count} little-endian values k/7. */
    static String npy(String descr, String shape, int count) {
        double[] v = new double[count];
        for (int k = 0; k < count; k++) v[k] = k / 7.0;
        return npyText(descr, shape, v);
    }

    private static String npyOf(String shape, double value, int count) {
        double[] v = new double[count];
        java.util.Arrays.fill(v, value);
        return npyText("<f8", shape, v);
    }

    private static String npyText(String descr, String shape, double[] values) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        String header = dict + " ".repeat((total + 63) / 64 * 64 - total) + "\n";
        int width = descr.endsWith("4") ? 4 : 8;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length() + values.length * width)
                .order(descr.startsWith(">") ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), (byte) (header.length() >> 8)});
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (double v : values) {
            if (width == 4) b.putFloat((float) v); else b.putDouble(v);
        }
        return new String(b.array(), StandardCharsets.ISO_8859_1);
    }

    private static String nan(int rows, int cols) {
        return ("NaN" + ",NaN".repeat(cols - 1) + "\n").repeat(rows);
    }

    /** A valid ratings table (12 users × 8 items, 2/3 observed, never the pair (1, 1)) with {@code line} as line 2. */
    /** MovieLens 1M's ratings.dat: user::item::rating::time, no header ({@code users} users × 6 items). */
    private static String datRatings(int users) {
        StringBuilder b = new StringBuilder();
        for (int u = 1; u <= users; u++) {
            for (int i = 1; i <= 6; i++) if ((u * i) % 4 != 0) b.append(u).append("::").append(i).append("::")
                    .append(1 + (u + 2 * i) % 5).append("::").append(978300000 + u * 7 + i).append('\n');
        }
        return b.toString();
    }

    private static String ratingsWith(String line) {
        StringBuilder b = new StringBuilder("userId,itemId,rating\n").append(line).append('\n');
        for (int u = 1; u <= 12; u++) {
            for (int i = 1; i <= 8; i++) {
                if ((u + i) % 3 != 0 && !(u == 1 && i == 1)) {
                    b.append(u).append(',').append(i).append(',').append(1 + (u * 7 + i * 3) % 5).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static String constantRatings(int users, int items) {
        StringBuilder b = new StringBuilder("userId,itemId,rating\n");
        for (int u = 1; u <= users; u++) for (int i = 1; i <= items; i++) b.append(u).append(',').append(i).append(",3\n");
        return b.toString();
    }

    private static String oneUser(int items) {
        StringBuilder b = new StringBuilder("userId,itemId,rating\n");
        for (int i = 1; i <= items; i++) b.append("7,").append(i).append(',').append(1 + i % 5).append('\n');
        return b.toString();
    }

    private static String oneItem(int users) {
        StringBuilder b = new StringBuilder("userId,itemId,rating\n");
        for (int u = 1; u <= users; u++) b.append(u).append(",7,").append(1 + u % 5).append('\n');
        return b.toString();
    }

    private static String quotedRatings(int users) {
        StringBuilder b = new StringBuilder("\"userId\",itemId,rating,note\n\n");
        for (int u = 1; u <= users; u++) for (int i = 1; i <= 8; i++) if ((u + i) % 3 != 0) {
            b.append('"').append(u).append("\",").append(i).append(',').append(1 + (u * 7 + i * 3) % 5)
                    .append(",\"a, b\"\n");
        }
        return b.toString();
    }

    private static String symmetricMtx(int n) {
        StringBuilder b = new StringBuilder("%%MatrixMarket matrix coordinate real symmetric\n");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= n; i++) for (int j = 1; j <= i; j++) if ((i + j) % 2 == 0 || i == j) {
            lines.add(i + " " + j + " " + (1 + (i * j) % 4));
        }
        b.append(n).append(' ').append(n).append(' ').append(lines.size()).append('\n');
        for (String l : lines) b.append(l).append('\n');
        return b.toString();
    }
}

# Sourced by bench/run and bench/serve-latency: the one-score change.
# Needs $WORK, a folder for its scratch files.

# Changes one unit's score in the latest edition and keeps the data valid:
# in the first district group (`*huyen`) it takes the first unit with a
# sub-criterion that lost at least 0.02 points, adds 0.01 to that
# sub-criterion and to every node above it (criterion, field), then
# rewrites the group's published file: that unit's achieved points, index
# (rounded half up to 2 decimals) and band, and every unit's rank
# (1 + the number of units with a strictly higher exact index).
change_one_score() {
    local data=$1 edition scores published framework
    edition=$(find "$data/editions" -mindepth 1 -maxdepth 1 -type d | sort | tail -n 1)
    scores=$(find "$edition" -maxdepth 1 -name 'scores-*huyen.csv' | sort | head -n 1)
    [[ -n $scores ]] || scores=$(find "$edition" -maxdepth 1 -name 'scores-*.csv' | sort | head -n 1)
    published="$edition/published-${scores##*/scores-}"
    # The group's framework, from edition.json (serde_json's pretty layout:
    # "framework" comes before "scores" in every group).
    framework=$(awk -v want="${scores##*/}" '
        /"framework":/ { f = $0; sub(/.*"framework": *"/, "", f); sub(/".*/, "", f) }
        /"scores":/ { s = $0; sub(/.*"scores": *"/, "", s); sub(/".*/, "", s); if (s == want) { print f; exit } }
    ' "$edition/edition.json")
    if [[ -z $framework || ! -f $edition/$framework || ! -f $published ]]; then
        echo "no comma-delimited scores file with a framework and published file in $edition" >&2
        return 1
    fi
    if head -n 1 "$scores" | grep -q ';'; then
        echo "$scores is not comma-delimited" >&2
        return 1
    fi
    awk -v FW="$edition/$framework" -v SC="$scores" -v PB="$published" \
        -v ED="$edition/edition.json" -v OUT="$WORK/change" \
        -v NAME="${scores#"$data"/}" '
    # A CSV line into f[1..n] (quotes as Excel writes them; no line breaks
    # inside cells in the sample).
    function csv(line, f,    n, i, c, q, cell) {
        n = 0; cell = ""; q = 0
        for (i = 1; i <= length(line); i++) {
            c = substr(line, i, 1)
            if (q) {
                if (c == "\"") {
                    if (substr(line, i + 1, 1) == "\"") { cell = cell c; i++ } else q = 0
                } else cell = cell c
            } else if (c == "\"") q = 1
            else if (c == ",") { f[++n] = cell; cell = "" }
            else cell = cell c
        }
        f[++n] = cell
        return n
    }
    # "85.74" -> 8574 hundredths
    function hund(s,    p, frac) {
        if (s == "") return 0
        if (split(s, p, ".") == 1) return p[1] * 100
        frac = substr(p[2] "00", 1, 2)
        return p[1] * 100 + frac
    }
    # 8574 -> "85.74", 8380 -> "83.8", 9700 -> "97" (as the sample writes)
    function show(h,    i, f) {
        i = int(h / 100); f = h % 100
        if (f == 0) return i ""
        if (f % 10 == 0) return i "." (f / 10)
        return sprintf("%d.%02d", i, f)
    }
    BEGIN {
        # Framework: parent and maximum of every code.
        while ((getline line < FW) > 0) {
            if (++fl == 1) { n = csv(line, h); for (i = 1; i <= n; i++) fcol[h[i]] = i; continue }
            csv(line, f)
            code = f[fcol["code"]]
            parent[code] = f[fcol["parent"]]
            fmax[code] = hund(f[fcol["max"]])
            if (parent[code] != "") haskids[parent[code]] = 1
        }
        # Bands, highest first, from edition.json.
        nb = 0; inb = 0
        while ((getline line < ED) > 0) {
            if (line ~ /"bands": *\[/) inb = 1
            else if (inb && line ~ /^ *\]/) inb = 0
            else if (inb && line ~ /"name":/) { b = line; sub(/.*"name": *"/, "", b); sub(/".*/, "", b); bname[++nb] = b }
            else if (inb && line ~ /"min":/) { b = line; sub(/.*"min": */, "", b); sub(/[,} ].*/, "", b); bmin[nb] = hund(b) }
        }
        # Scores: the first leaf of a unit that lost at least 0.02 points.
        nl = 0
        while ((getline line < SC) > 0) {
            row[++nl] = line
            if (nl == 1) { n = csv(line, h); for (i = 1; i <= n; i++) scol[h[i]] = i; continue }
            if (unit != "") continue
            csv(line, f)
            code = f[scol["code"]]
            if (f[scol["max"]] != "" || (code in haskids)) continue
            if (fmax[code] - hund(f[scol["score"]]) >= 2) { unit = f[scol["unit"]]; leaf = code }
        }
        if (unit == "") { print "no sub-criterion with lost points" > "/dev/stderr"; exit 1 }
        for (c = leaf; c != ""; c = parent[c]) chain[c] = 1
        for (r = 2; r <= nl; r++) {
            csv(row[r], f)
            if (f[scol["unit"]] != unit || !(f[scol["code"]] in chain)) continue
            # unit, code and score never need quotes: rewrite the first three cells.
            rest = row[r]; sub(/^[^,]*,[^,]*,[^,]*/, "", rest)
            row[r] = unit "," f[scol["code"]] "," show(hund(f[scol["score"]]) + 1) rest
            changed++
        }
        for (r = 1; r <= nl; r++) print row[r] > (OUT ".scores")
        # Published: the unit gains 0.01; index, band and every rank follow.
        np = 0
        while ((getline line < PB) > 0) {
            if (++np == 1) { n = csv(line, h); for (i = 1; i <= n; i++) pcol[h[i]] = i; head = line; continue }
            k = csv(line, f)
            for (i = 1; i <= k; i++) cell[np, i] = f[i]
            A[np] = hund(f[pcol["achieved"]]); M[np] = hund(f[pcol["max"]])
            if (f[pcol["unit"]] == unit) { A[np] += 1; me = np }
            ncols = k
        }
        if (!me) { print unit " is not in " PB > "/dev/stderr"; exit 1 }
        cell[me, pcol["achieved"]] = show(A[me])
        # index in hundredths, rounded half up: (2 * A * 10000 + M) / (2 * M)
        num = 2 * A[me] * 10000 + M[me]; den = 2 * M[me]
        q = int(num / den); while (q * den > num) q--; while ((q + 1) * den <= num) q++
        cell[me, pcol["index"]] = show(q)
        if ("band" in pcol) {
            band = ""
            for (b = 1; b <= nb; b++) if (q >= bmin[b]) { band = bname[b]; break }
            cell[me, pcol["band"]] = band
        }
        print head > (OUT ".published")
        for (r = 2; r <= np; r++) {
            rank = 1
            for (s = 2; s <= np; s++) if (A[s] * M[r] > A[r] * M[s]) rank++
            if ("rank" in pcol) cell[r, pcol["rank"]] = rank
            out = ""
            for (i = 1; i <= ncols; i++) {
                v = cell[r, i]
                if (v ~ /[",]/) { gsub(/"/, "\"\"", v); v = "\"" v "\"" }
                out = out (i > 1 ? "," : "") v
            }
            print out > (OUT ".published")
        }
        printf "%s: unit %s, sub-criterion %s and the %d node(s) above it +0.01; index %s, band %s; published file rewritten\n", \
            NAME, unit, leaf, changed - 1, show(q), band
    }' || return 1
    # With CHANGE_DEFER=1 the files are left for the caller to save (in
    # CHANGE_FILES: new file, then where it goes, twice), to time the save.
    if [[ ${CHANGE_DEFER:-0} == 1 ]]; then
        CHANGE_FILES=("$WORK/change.scores" "$scores" "$WORK/change.published" "$published")
        return 0
    fi
    cp "$WORK/change.scores" "$scores" || return 1
    cp "$WORK/change.published" "$published" || return 1
}

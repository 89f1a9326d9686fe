/// The site's one stylesheet: light and dark by `prefers-color-scheme`, fitted to any width
/// from a phone's (nothing wider than the page, long words wrapped).
enum SiteStyle {
    static let css = """
    :root{--fg:#1d1d1f;--bg:#fff;--muted:#5f5f66;--line:#e0e0e6;--card:#f6f6f9;--link:#1a5fb4;--validated:#2e7d32;--disproved:#8e24aa;--inconclusive:#a06c00;--running:#1e6fd9;--overdue:#c2410c;--abandoned:#707070;--draft:#707070}
    @media (prefers-color-scheme:dark){:root{--fg:#e8e8ea;--bg:#141416;--muted:#a4a4ac;--line:#2e2e34;--card:#1d1d21;--link:#8ab4f8;--validated:#66bb6a;--disproved:#ce93d8;--inconclusive:#ffca28;--running:#64b5f6;--overdue:#ff8a50;--abandoned:#9e9e9e;--draft:#9e9e9e}}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%}
    body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
    a{color:var(--link)}
    header{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;align-items:baseline;padding:.8rem 1.2rem;border-bottom:1px solid var(--line)}
    header .site{margin:0;font-weight:600}header .site a{color:inherit;text-decoration:none}
    nav{display:flex;flex-wrap:wrap;gap:.2rem .9rem}nav a[aria-current]{font-weight:600;text-decoration:none;color:var(--fg)}
    main{max-width:60rem;margin:0 auto;padding:0 1.2rem 2rem}
    h1{font-size:1.45rem;margin:1.2rem 0 .4rem}h2{font-size:1.1rem;margin:1.6rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}h3{font-size:1rem}
    footer{max-width:60rem;margin:0 auto;padding:1rem 1.2rem 2rem;color:var(--muted);font-size:.85rem}
    ul{padding-left:1.2rem}li{margin:.25rem 0}
    code{font:.85em ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--card);padding:0 .25rem;border-radius:3px}
    time,.meta,.summary,.src,.empty{color:var(--muted)}
    dl{display:grid;grid-template-columns:minmax(7rem,12rem) 1fr;gap:.3rem 1rem;margin:0}dt{font-weight:600}dd{margin:0}dd ul{margin:0;padding-left:1rem}
    @media (max-width:32rem){dl{grid-template-columns:1fr}dd{margin-bottom:.4rem}}
    table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.4rem 0}th,td{border-bottom:1px solid var(--line);padding:.3rem .4rem;text-align:left;vertical-align:top;white-space:pre-line}
    th{font-weight:600}
    .badge{display:inline-block;font-size:.78rem;padding:0 .45rem;border-radius:1rem;border:1px solid currentColor;white-space:nowrap}
    .badge.validated{color:var(--validated)}.badge.disproved{color:var(--disproved)}.badge.inconclusive{color:var(--inconclusive)}
    .badge.running{color:var(--running)}.badge.overdue{color:var(--overdue)}.badge.abandoned,.badge.draft,.badge.resolved{color:var(--abandoned)}
    .tag{font-size:.8rem;background:var(--card);border-radius:3px;padding:0 .35rem}
    .returned{color:var(--muted)}
    .kind{font-weight:600}
    svg.chart{display:block;width:100%;max-width:44rem;height:auto;margin:.5rem 0}svg.chart.square{max-width:22rem}
    svg .label{font-size:11px;fill:var(--muted)}svg .axis,svg .frame{stroke:var(--line);fill:none}svg .ideal{stroke:var(--muted);stroke-dasharray:4 3}
    svg .validated{fill:var(--validated)}svg .disproved{fill:var(--disproved)}svg .inconclusive{fill:var(--inconclusive)}svg .bar{fill:var(--running)}svg .point{fill:var(--running);fill-opacity:.75}
    .legend .sw{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin:0 .3rem 0 .6rem;vertical-align:-.1rem}
    .sw.validated{background:var(--validated)}.sw.disproved{background:var(--disproved)}.sw.inconclusive{background:var(--inconclusive)}

    """
}

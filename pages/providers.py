"""Providers: who receives the money, how concentrated it is, and what each one delivers."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.money import format_gbp, format_gbp_short
from analysis.shares import percentages
from analysis.selection import lines_summary
from analysis.providers import (
    PAIRS_PER_GROUP,
    PROVIDER_GROUP,
    aliases_in_use,
    apply_aliases,
    count_funded_providers,
    provider_profile,
    provider_services_by_year,
    provider_spend_by_area,
    provider_total,
    rank_providers,
    suggest_aliases,
    top_concentration,
    unnamed_spend,
)
from ui import charts, data_access
from ui.embed import show_chart
from ui.glossary import term_help
from ui.sidebar import render_filters, show_view_heading
from ui.plain_text import escape_markdown
from ui.print_style import print_table

view = render_filters()
st.title("Providers")
show_view_heading(view)
if view.rows.empty:
    charts.show_empty(view.empty_message())
    st.stop()

aliases = data_access.provider_aliases(view.store_key)  # read once per store version, not on every run
rows = apply_aliases(view.rows, aliases)
year = view.focus_year
ranked = rank_providers(rows)
provider_total_all = lines_summary(rows, every_line_counts=True).counted_gbp

if ranked.empty:
    charts.show_empty(
        "None of these lines names a single provider (they say “Various”, “To be selected” or nothing), "
        "so there is no one to rank. Widen the filters to see named providers."
    )
    st.stop()

# --- headline figures --------------------------------------------------------
in_year = rows[rows["financial_year"] == year]
concentration = top_concentration(in_year)
named_in_year = rank_providers(in_year)
count, top_five, unnamed = st.columns(3)
count.metric(f"Named providers in {year}", f"{count_funded_providers(in_year, aliases):,}",
             help="Organisations named as provider with money in the year, after grouping spellings of one "
                  "name; the same count as the Overview's. Lines saying 'Various' or 'To be selected' are "
                  "not counted.")
top_five.metric(
    f"Top {min(5, len(named_in_year))} providers' share, {year}",
    f"{concentration.share:.0%}" if concentration.total_amount_gbp else "n/a",
    help=f"{format_gbp(concentration.top_amount_gbp)} of {format_gbp(concentration.total_amount_gbp)}: "
         + "; ".join(concentration.providers),
)
unnamed.metric(f"Unnamed providers, {year}", format_gbp(concentration.unnamed_amount_gbp),
               help="Lines whose provider is 'Various', 'To be selected via competitive tender' or blank. "
                    "They are in every total but not ranked.")
if concentration.providers:
    st.markdown(f"In {year} the five largest providers received **{concentration.share:.0%}** of the spend: "
                + ", ".join(escape_markdown(name) for name in concentration.providers) + ".")

# --- ranked bars, coloured by strategic area -----------------------------------
st.subheader(f"Providers ranked by spend, {view.years_label}, summed", help=term_help("Strategic area"))
shown = st.slider("Providers shown", min_value=1, max_value=len(ranked), value=min(15, len(ranked)),
                  help="The largest first. The table below lists every provider.") if len(ranked) > 1 else 1
top = ranked.head(shown)
by_area = provider_spend_by_area(rows, top[PROVIDER_GROUP])
order = list(top[PROVIDER_GROUP])
labels = {name: charts.wrap_label(name, 34) for name in order}

fig = go.Figure()
for area in sorted(by_area["strategic_area"].unique()):
    part = by_area[by_area["strategic_area"] == area].set_index(PROVIDER_GROUP)["amount_gbp"].reindex(order)
    fig.add_bar(
        y=[labels[name] for name in order], x=part.tolist(), orientation="h", name=area,
        marker_color=view.colours.get(area, "#8C8C8C"),
        hovertext=[f"<b>{name}</b><br>{area}: {format_gbp(amount)}" if pd.notna(amount) else ""
                   for name, amount in part.items()],
        hovertemplate="%{hovertext}<extra></extra>",
    )
fig.add_scatter(
    y=[labels[name] for name in order], x=top["amount_gbp"].tolist(), mode="text",
    text=[f"  {format_gbp_short(amount)}" for amount in top["amount_gbp"]], textposition="middle right",
    showlegend=False, hoverinfo="skip", cliponaxis=False,
)
fig.update_layout(barmode="stack", bargap=0.3, legend=dict(traceorder="normal"))
charts.style(fig, f"Spend per provider, {view.years_label} summed, coloured by strategic area",
             height=max(300, 110 + 44 * len(order)), legend_title="Strategic area")
fig.update_layout(margin=dict(t=120))
fig.update_yaxes(autorange="reversed", type="category", gridcolor="rgba(0,0,0,0)")
charts.apply_money_axis(fig, [0.0, float(top["amount_gbp"].max()) * 1.15], axis="x", title="Spend")
show_chart(fig, view, key="providers_ranked")

unnamed_total = unnamed_spend(rows)
# One total for every share: all the spend over the years, named providers or not, so the column adds to 100%.
shares = percentages([*ranked["amount_gbp"], unnamed_total], decimals=1)
table = pd.DataFrame({
    "Rank": ranked["rank"].astype("Int64"),
    "Provider": ranked[PROVIDER_GROUP],
    "Spend": ranked["amount_gbp"].map(format_gbp),
    "Share": [f"{share:.1f}%" for share in shares[:len(ranked)]],
    "Services": ranked["services"],
    "Years funded": ranked["years"],
})
if unnamed_total:
    table.loc[len(table)] = [pd.NA, "No single named provider (“Various”, “To be selected…”, blank)",
                             format_gbp(unnamed_total), f"{shares[-1]:.1f}%", None, ""]
st.markdown(f"**Every provider, {view.years_label}, summed**: shares of {format_gbp(provider_total_all)} "
            "(all the spend in view), adding to 100%.")
st.dataframe(table, hide_index=True, height="content", key="providers_table", column_config={
    "Rank": st.column_config.NumberColumn(width="small"),
    "Spend": st.column_config.TextColumn(help=f"Total over {view.years_label}"),
    "Share": st.column_config.TextColumn(help=f"Share of all spend over {view.years_label}, named providers or not"),
    "Services": st.column_config.NumberColumn(width="small"),
})
if unnamed_total:
    st.caption(f"{format_gbp(unnamed_total)} over {view.years_label} sits on lines with no single named provider "
               "(“Various”, “To be selected via competitive tender” or blank). It is in the shares' total but not ranked.")

# --- one provider's services and years -----------------------------------------
st.subheader("What a provider delivers")
profile_options = list(ranked[PROVIDER_GROUP])
if st.session_state.get("providers_profile_choice") not in profile_options:
    st.session_state.pop("providers_profile_choice", None)
chosen = st.selectbox("Provider", options=profile_options, key="providers_profile_choice",
                      help="Providers in rank order, the largest first.")
by_year = provider_services_by_year(rows, chosen)
year_columns = [column for column in by_year.columns if column not in ("strategic_area", "service")]
profile_table = by_year.rename(columns={"strategic_area": "Strategic area", "service": "Service"})
for column in year_columns:
    profile_table[column] = by_year[column].map(lambda amount: "" if pd.isna(amount) else format_gbp(amount))
st.markdown(f"**{escape_markdown(chosen)}**: {len(by_year)} service{'s' if len(by_year) != 1 else ''}, "
            f"{format_gbp(provider_total(rows, chosen))} over {view.years_label}. "
            "A blank year means no line for that year.")
st.dataframe(profile_table, hide_index=True, height="content", key="providers_profile")
with st.expander("Where these figures come from"):
    lines = provider_profile(rows, chosen)
    st.dataframe(
        pd.DataFrame({
            "Service": lines["service"],
            "Provider as written": lines["provider"],
            "Year": lines["financial_year"],
            "Amount": lines["amount_gbp"].map(format_gbp),
            "Commissioning": lines["commissioning_type"],
            "File": lines["source_file"],
            "Sheet": lines["source_sheet"],
            "Row": lines["source_row"],
        }),
        hide_index=True, key="providers_sources",
    )

# --- spellings grouped, and groupings suggested -----------------------------------
st.subheader("Provider names grouped together")
in_use = aliases_in_use(view.rows, aliases)
if in_use.empty:
    st.write("No provider names are grouped in this selection: every provider is shown as its file spells it.")
else:
    grouped = pd.DataFrame({
        "Spelling in the file": in_use["alias"],
        "Shown as": in_use["canonical_name"],
        "Lines": in_use["lines"],
        f"Spend, {view.years_label}": in_use["amount_gbp"].map(format_gbp),
    })
    st.dataframe(grouped, hide_index=True, key="providers_aliases")
    print_table(grouped)
# Kept per store version and filters: comparing every pair of spellings is the page's costliest figure.
suggestions = data_access.cached_aggregate(suggest_aliases, view, aliases)
if suggestions.empty:
    st.caption("No other spellings look like the same organisation.")
else:
    st.markdown("**Spellings that may be the same organisation** (not grouped until a member of staff confirms them on the Data page)")
    suggested = pd.DataFrame({
        "Spelling": suggestions["alias"],
        "May be the same as": suggestions["canonical_name"],
        "Similarity": suggestions["similarity"].map(lambda value: f"{value:.0%}"),
        "Spellings alike in its group": suggestions["names_alike"],
    })
    st.dataframe(suggested, hide_index=True, key="providers_suggestions")
    print_table(suggested)
    st.caption(f"Spellings that read alike form a group; each group shows at most its {PAIRS_PER_GROUP} "
               "closest pairs, and says how many spellings it holds.")
st.caption("Lines keep the provider name their file uses, so every figure can be traced to its file, sheet and row; "
           "grouping only changes the name shown here.")

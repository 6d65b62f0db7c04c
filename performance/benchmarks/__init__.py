"""How we compare: every KPI beside all English councils, from DfE's published statistics.

DfE publishes each year's figures for every council in Explore Education Statistics (EES)
CSV files. This package reads them (`importer`), keeps the catalogue of measures the portal
compares KPIs with (`catalogue`, data in `catalogue.json`), works out where a council stands
(`comparison`: England, region, statistical neighbours' mean and median, rank, quartile band)
and shapes that for pages and reports (`selectors`). The council is settings.DFE_LA_CODE.

Figures are DfE's, Crown copyright, under the Open Government Licence v3.0: every page and
report that shows them carries SOURCE_LINE.
"""

SOURCE_LINE = (
    "Source: Department for Education, Children looked after in England including adoptions, "
    "Children's social work workforce and key stage attainment by social care group "
    "(Explore Education Statistics). Contains public sector information licensed under the "
    "Open Government Licence v3.0."
)

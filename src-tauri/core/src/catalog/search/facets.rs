//! Facet counts: for every filter, how many products each of its values would leave given the
//! search text and the other filters (a facet ignores its own filter, so that a buyer who
//! picked "SaaS" still sees how many licenses there are).

use std::collections::HashMap;

use roaring::RoaringBitmap;

use super::index::{Label, SearchIndex};
use super::{Facet, FacetValue, Facets, Filters};
use crate::catalog::model::{BillingMode, DeliveryMethod};

pub(super) fn count(
    index: &SearchIndex,
    matched: &RoaringBitmap,
    results: &RoaringBitmap,
    filters: &Filters,
) -> Facets {
    // Most facets have no filter of their own set: they count within the results themselves.
    let base = |facet: Facet| {
        if filters.has(facet) {
            std::borrow::Cow::Owned(filters.apply(matched, Some(facet)))
        } else {
            std::borrow::Cow::Borrowed(results)
        }
    };
    let labelled = |base: &RoaringBitmap, sets: &HashMap<String, RoaringBitmap>, labels: &HashMap<String, Label>| {
        let mut values: Vec<(i64, FacetValue)> = counts(base, sets)
            .into_iter()
            .filter_map(|(value, count)| {
                let label = labels.get(value)?;
                Some((label.position, FacetValue { value: value.into(), label: label.name.clone(), count }))
            })
            .collect();
        values.sort_by(|(a, x), (b, y)| a.cmp(b).then(y.count.cmp(&x.count)).then(x.label.cmp(&y.label)));
        values.into_iter().map(|(_, v)| v).collect::<Vec<_>>()
    };

    // Categories and sub-categories keep their menu order; sellers and systems come by count.
    let category = labelled(&base(Facet::Category), &index.category, &index.category_labels);
    let sub_category = labelled(&base(Facet::SubCategory), &index.sub_category, &index.sub_category_labels);
    let seller = labelled(&base(Facet::Seller), &index.seller, &index.seller_labels);

    let mut delivery: Vec<FacetValue> = counts(&base(Facet::Delivery), &index.delivery)
        .into_iter()
        .filter_map(|(value, count)| {
            let method: DeliveryMethod = value.parse().ok()?;
            Some(FacetValue { label: method.label().into(), value: value.into(), count })
        })
        .collect();
    delivery.sort_by_key(|v| DeliveryMethod::ALL.iter().position(|m| m.as_str() == v.value));

    let billing_base = base(Facet::Billing);
    let billing = [(BillingMode::PayPerUse, &index.pay_per_use), (BillingMode::YearlyMonthly, &index.yearly_monthly)]
        .into_iter()
        .map(|(mode, set)| (mode, billing_base.intersection_len(set) as u32))
        .filter(|(_, count)| *count > 0)
        .map(|(mode, count)| FacetValue { value: mode.as_str().into(), label: mode.label().into(), count })
        .collect();

    let supervised_base = base(Facet::Supervised);
    let with = supervised_base.intersection_len(&index.supervised) as u32;
    let without = supervised_base.len() as u32 - with;
    let supervised = [("true", "Supervised", with), ("false", "Not supervised", without)]
        .into_iter()
        .filter(|(_, _, count)| *count > 0)
        .map(|(value, label, count)| FacetValue { value: value.into(), label: label.into(), count })
        .collect();

    let mut operating_system: Vec<FacetValue> = counts(&base(Facet::OperatingSystem), &index.operating_system)
        .into_iter()
        .map(|(value, count)| FacetValue { value: value.into(), label: value.into(), count })
        .collect();
    operating_system.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));

    Facets { category, sub_category, delivery, billing, seller, supervised, operating_system }
}

/// Each value of one facet with the number of `base`'s products that have it, if any.
fn counts<'a>(base: &RoaringBitmap, sets: &'a HashMap<String, RoaringBitmap>) -> Vec<(&'a str, u32)> {
    sets.iter()
        .map(|(value, set)| (value.as_str(), base.intersection_len(set) as u32))
        .filter(|(_, count)| *count > 0)
        .collect()
}

//! Rate limits on survey submissions that stop one client flooding without locking out an office:
//! a tight limit per browser (respondent cookie and address) and a generous one per address.
//! They are kept in memory per app server; behind a load balancer each server counts its own.

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;

pub struct SubmitLimits {
    per_client: DefaultKeyedRateLimiter<(IpAddr, String)>,
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
}

impl SubmitLimits {
    /// `per_client` and `per_ip` are submissions per minute; 0 means no limit is wanted, which is
    /// kept as a very high one.
    pub fn new(per_client: u32, per_ip: u32) -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MAX));
        Self {
            per_client: RateLimiter::keyed(quota(per_client)),
            per_ip: RateLimiter::keyed(quota(per_ip)),
        }
    }

    /// True when one more submission from this address (and browser, when it has a respondent
    /// cookie) is allowed now.
    pub fn allow(&self, ip: IpAddr, respondent: Option<&str>) -> bool {
        if let Some(respondent) = respondent
            && self
                .per_client
                .check_key(&(ip, respondent.to_owned()))
                .is_err()
        {
            return false;
        }
        self.per_ip.check_key(&ip).is_ok()
    }

    /// Forgets clients that have not been seen for a while, so memory stays bounded.
    pub fn forget_idle(&self) {
        self.per_client.retain_recent();
        self.per_ip.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::SubmitLimits;
    use std::net::{IpAddr, Ipv4Addr};

    const OFFICE: IpAddr = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7));

    #[test]
    fn one_browser_is_stopped_after_its_limit() {
        let limits = SubmitLimits::new(3, 6000);
        let allowed = (0..10)
            .filter(|_| limits.allow(OFFICE, Some("browser-a")))
            .count();
        assert_eq!(allowed, 3);
    }

    #[test]
    fn two_thousand_respondents_behind_one_office_address_all_get_through_within_a_minute() {
        let limits = SubmitLimits::new(10, 6000);
        let allowed = (0..2000)
            .filter(|i| limits.allow(OFFICE, Some(&format!("respondent-{i}"))))
            .count();
        assert_eq!(allowed, 2000);
    }

    #[test]
    fn the_per_address_ceiling_still_holds_for_many_browsers() {
        let limits = SubmitLimits::new(10, 50);
        let allowed = (0..200)
            .filter(|i| limits.allow(OFFICE, Some(&format!("respondent-{i}"))))
            .count();
        assert_eq!(allowed, 50);
    }
}

//! Exports, authorised like the dashboard: every member of the survey's organisation may take
//! them, with the dashboard's filters.

use super::{Kindred, failed};
use crate::export::{Flavour, Layout, codebook, figures_csv, responses_stream};
use app::api::results::ResultsQuery;
use app::backend::{Caller, Insights};
use app::error::AppError;
use axum::body::Bytes;
use domain::survey::Definition;
use futures_util::Stream;

/// A CSV file: its name and its content.
pub struct CsvFile<B> {
    pub file_name: String,
    pub content: B,
}

impl Kindred {
    /// The columns of a survey's export: every version that has responses, or — before the
    /// first response — the questions its results are read by.
    async fn export_layout(
        &self,
        survey_id: i64,
        current_version: Option<i64>,
        current: &Definition,
    ) -> Result<Layout, AppError> {
        let answered = self
            .store
            .answered_versions(survey_id)
            .await
            .map_err(failed("listing a survey's answered versions"))?;
        if answered.is_empty() {
            // Version 0 stands for the draft of a survey never published.
            return Ok(Layout::of(&[(
                current_version.unwrap_or(0),
                current.clone(),
            )]));
        }
        let mut versions = Vec::with_capacity(answered.len());
        for version in answered {
            versions.push((
                version,
                self.published_definition(survey_id, version).await?,
            ));
        }
        Ok(Layout::of(&versions))
    }

    /// Every response passing `query` as CSV rows, streamed a page at a time.
    pub async fn responses_csv(
        &self,
        caller: &Caller,
        survey_id: i64,
        query: &ResultsQuery,
        flavour: Flavour,
    ) -> Result<CsvFile<impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static>, AppError>
    {
        let (row, definition) = self.results_definition(caller, survey_id).await?;
        let filter = super::parse_filter(&definition, query)?;
        let layout = self
            .export_layout(row.id, row.published_version, &definition)
            .await?;
        Ok(CsvFile {
            file_name: flavour.file_name(&format!("survey-{survey_id}-responses")),
            content: responses_stream(self.store.clone(), row.id, filter, layout, flavour),
        })
    }

    /// The codebook: every column of the responses CSV and what its codes mean.
    pub async fn codebook_csv(
        &self,
        caller: &Caller,
        survey_id: i64,
        flavour: Flavour,
    ) -> Result<CsvFile<Vec<u8>>, AppError> {
        let (row, definition) = self.results_definition(caller, survey_id).await?;
        let layout = self
            .export_layout(row.id, row.published_version, &definition)
            .await?;
        let content =
            codebook(&layout, flavour).map_err(|e| super::internal("writing a codebook", e))?;
        Ok(CsvFile {
            file_name: flavour.file_name(&format!("survey-{survey_id}-codebook")),
            content,
        })
    }

    /// Every figure of the dashboard, filtered by `query`.
    pub async fn figures_csv(
        &self,
        caller: &Caller,
        survey_id: i64,
        query: ResultsQuery,
        flavour: Flavour,
    ) -> Result<CsvFile<Vec<u8>>, AppError> {
        let results = self.results(caller, survey_id, query).await?;
        let content = figures_csv(&results, flavour)
            .map_err(|e| super::internal("writing the figures", e))?;
        Ok(CsvFile {
            file_name: flavour.file_name(&format!("survey-{survey_id}-figures")),
            content,
        })
    }
}

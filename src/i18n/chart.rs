//! Words for live charts: fields that do not parse, charts that refuse a change, the time
//! windows.

use super::{Describe, Lang, Text};
use crate::model::chart::{ChartError, PathError, PathErrorKind, TimeWindow};

impl Describe for PathError {
    fn describe(&self) -> Text {
        let at = self.at;
        let (en, zh) = match self.kind {
            PathErrorKind::Empty => {
                return Text::new(
                    "type a field: $.a.b for JSON, or a Sparkplug B metric name",
                    "请填写字段：JSON 用 $.a.b，Sparkplug B 用指标名",
                )
            }
            PathErrorKind::ExpectedName => ("a name must follow the dot", "点号后面应是字段名"),
            PathErrorKind::ExpectedIndexOrQuote => (
                "[ must be followed by an index or a quoted name",
                "[ 后面应是下标或带引号的字段名",
            ),
            PathErrorKind::UnclosedQuote => {
                ("the quoted name is not closed", "带引号的字段名没有结束")
            }
            PathErrorKind::BadIndex => ("not an array index", "不是有效的数组下标"),
            PathErrorKind::ExpectedCloseBracket => ("] is missing", "缺少 ]"),
            PathErrorKind::UnexpectedChar => ("only . or [ may come here", "此处只能是 . 或 ["),
        };
        Text::new(
            format!("field path: {en} (character {})", at + 1),
            format!("字段路径：{zh}（第 {} 个字符）", at + 1),
        )
    }
}

impl Describe for ChartError {
    fn describe(&self) -> Text {
        match self {
            ChartError::BadFilter => Text::new(
                "the chart's topic filter is not a valid MQTT topic filter",
                "图表的主题过滤器不是有效的 MQTT 主题过滤器",
            ),
            ChartError::TooManySeries => Text::new(
                format!(
                    "a chart shows at most {} fields",
                    crate::model::chart::MAX_SERIES
                ),
                format!(
                    "每个图表最多显示 {} 个字段",
                    crate::model::chart::MAX_SERIES
                ),
            ),
            ChartError::DuplicateField => Text::new(
                "this chart already plots that field",
                "该图表已在绘制这个字段",
            ),
            ChartError::NoSuchSeries => {
                Text::new("that field is no longer plotted", "该字段已不在图表中")
            }
        }
    }
}

/// A time window's name in the picker.
pub fn window_label(window: TimeWindow, lang: Lang) -> &'static str {
    match (window, lang) {
        (TimeWindow::Seconds10, _) => "10 s",
        (TimeWindow::Minute1, Lang::En) => "1 min",
        (TimeWindow::Minute1, Lang::Zh) => "1 分钟",
        (TimeWindow::Minutes5, Lang::En) => "5 min",
        (TimeWindow::Minutes5, Lang::Zh) => "5 分钟",
        (TimeWindow::Minutes15, Lang::En) => "15 min",
        (TimeWindow::Minutes15, Lang::Zh) => "15 分钟",
        (TimeWindow::Hour1, Lang::En) => "1 h",
        (TimeWindow::Hour1, Lang::Zh) => "1 小时",
        (TimeWindow::All, Lang::En) => "all",
        (TimeWindow::All, Lang::Zh) => "全部",
    }
}
